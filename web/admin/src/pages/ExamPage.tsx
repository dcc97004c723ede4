export default function ExamPage() {
  return (
    <section>
      <h1>Exam</h1>
    </section>
  );
}
