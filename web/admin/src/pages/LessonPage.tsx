// Placeholder: branch admin-api builds this screen (a lesson and its media upload to S3 with progress).
export default function LessonPage() {
  return (
    <section>
      <h1>Lesson</h1>
      <p>Coming soon.</p>
    </section>
  );
}
