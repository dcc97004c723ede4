import type { ReactNode } from 'react';
import { useAuth } from './AuthProvider';
import { Progress } from '../components/Progress';

/** The app's screens need a signed-in admin; anyone else sees the sign-in button (the token server's login page). */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { user, loading, signIn } = useAuth();
  if (loading) return <Progress label="Loading" />;
  if (!user) {
    return (
      <section className="centered sign-in">
        <h1>Learning Platform admin</h1>
        <p>Sign in with an admin account.</p>
        <button type="button" className="primary" onClick={() => void signIn()}>
          Sign in
        </button>
      </section>
    );
  }
  return <>{children}</>;
}
