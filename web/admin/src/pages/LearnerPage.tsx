// Placeholder: branch admin-api builds this screen (a learner's attempts, rewards, subscription, wallet).
export default function LearnerPage() {
  return (
    <section>
      <h1>Learner</h1>
      <p>Coming soon.</p>
    </section>
  );
}
