export default function PoolsPage() {
  return (
    <section>
      <h1>Pools</h1>
    </section>
  );
}
