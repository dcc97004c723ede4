export default function QuestionsPage() {
  return (
    <section>
      <h1>Question bank</h1>
    </section>
  );
}
