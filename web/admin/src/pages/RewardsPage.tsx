export default function RewardsPage() {
  return (
    <section>
      <h1>Reward queue</h1>
    </section>
  );
}
