// Placeholder: branch admin-api builds this screen (learner lookup).
export default function LearnersPage() {
  return (
    <section>
      <h1>Learners</h1>
      <p>Coming soon.</p>
    </section>
  );
}
