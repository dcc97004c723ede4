export default function ExamsPage() {
  return (
    <section>
      <h1>Exams</h1>
    </section>
  );
}
