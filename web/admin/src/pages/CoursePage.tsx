// Placeholder: branch admin-api builds this screen (a course and its lessons).
export default function CoursePage() {
  return (
    <section>
      <h1>Course</h1>
      <p>Coming soon.</p>
    </section>
  );
}
