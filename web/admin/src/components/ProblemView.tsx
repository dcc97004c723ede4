import { ApiError, toProblem } from '../api/client';

/** Any failed call: the ProblemDetails title and its stable code, plus the field errors of a 400. */
export function ProblemView({ error }: { error: unknown }) {
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : toProblem(error);
  return (
    <div className="problem" role="alert">
      <strong data-testid="problem-title">{problem.title}</strong>
      {problem.code && problem.code !== problem.title && <code className="problem-code">{problem.code}</code>}
      {problem.status > 0 && <span className="problem-status">HTTP {problem.status}</span>}
      {problem.detail && <p>{problem.detail}</p>}
      {problem.errors && (
        <ul>
          {Object.entries(problem.errors).map(([field, messages]) =>
            messages.map((m, i) => (
              <li key={`${field}-${i}`}>
                <code>{field}</code>: {m}
              </li>
            )),
          )}
        </ul>
      )}
    </div>
  );
}
