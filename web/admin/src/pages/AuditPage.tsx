// Placeholder: branch admin-api builds this screen (the audit log).
export default function AuditPage() {
  return (
    <section>
      <h1>Audit log</h1>
      <p>Coming soon.</p>
    </section>
  );
}
