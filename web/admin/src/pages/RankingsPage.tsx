export default function RankingsPage() {
  return (
    <section>
      <h1>Rankings</h1>
    </section>
  );
}
