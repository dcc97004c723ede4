export default function QuestionPage() {
  return (
    <section>
      <h1>Question</h1>
    </section>
  );
}
