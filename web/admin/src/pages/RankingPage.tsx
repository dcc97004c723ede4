export default function RankingPage() {
  return (
    <section>
      <h1>Ranking</h1>
    </section>
  );
}
