// Placeholder: branch admin-api builds this screen (send a broadcast, broadcast history).
export default function BroadcastsPage() {
  return (
    <section>
      <h1>Broadcasts</h1>
      <p>Coming soon.</p>
    </section>
  );
}
