// Placeholder: branch admin-api builds this screen (courses list and editing).
export default function CoursesPage() {
  return (
    <section>
      <h1>Courses</h1>
      <p>Coming soon.</p>
    </section>
  );
}
