import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { localReturnPath, userManager } from '../auth/oidc';
import { ProblemView } from '../components/ProblemView';
import { Progress } from '../components/Progress';

// One exchange per code, even when React runs the effect twice (StrictMode): the code is single-use.
let exchange: Promise<string> | null = null;

/** The redirect target of the authorization code flow: trades the code (with the PKCE verifier) for tokens. */
export default function CallbackPage() {
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    exchange ??= userManager.signinRedirectCallback().then((user) => localReturnPath(user.state));
    exchange
      .then((path) => navigate(path.replace(/^\/admin/, '') || '/', { replace: true }))
      .catch((e: unknown) => {
        exchange = null;
        setError(e);
      });
  }, [navigate]);
  return (
    <section className="centered">
      {error ? (
        <>
          <h1>Sign-in failed</h1>
          <ProblemView error={error} />
          <a href="/admin/">Try again</a>
        </>
      ) : (
        <Progress label="Signing in" />
      )}
    </section>
  );
}
