import { Link } from 'react-router';

export default function NotFoundPage() {
  return (
    <section>
      <h1>Not found</h1>
      <p>
        No screen here. <Link to="/">Back to the dashboard</Link>
      </p>
    </section>
  );
}
