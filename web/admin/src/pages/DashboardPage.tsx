import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import { ProblemView } from '../components/ProblemView';
import { Progress } from '../components/Progress';
import { shortId, when } from '../format';

/** The day's overview: background jobs, the next ranking, the outbox backlog and its dead letters (GET /jobs). */
export default function DashboardPage() {
  const jobs = useQuery({
    queryKey: ['jobs'],
    queryFn: () => unwrap(api.GET('/api/learning/admin/jobs')),
    refetchInterval: 10_000,
  });
  const data = jobs.data;
  const ranking = data?.jobs?.find((j) => j.name?.toLowerCase().includes('rank'));
  const outbox = data?.outbox;
  return (
    <section>
      <h1>Dashboard</h1>
      <ProblemView error={jobs.error} />
      {jobs.isPending && <Progress label="Loading jobs" />}
      {data && (
        <>
          <div className="stats">
            <Stat label="Next ranking" value={when(ranking?.nextRunAt)} testId="next-ranking" />
            <Stat label="Outbox pending" value={outbox?.pending ?? 0} testId="outbox-pending" />
            <Stat label="Outbox due now" value={outbox?.due ?? 0} testId="outbox-due" />
            <Stat label="Dead letters" value={outbox?.deadLettered ?? 0} testId="dead-letters" warn={(outbox?.deadLettered ?? 0) > 0} />
            <Stat label="Oldest pending" value={when(outbox?.oldestPendingAt)} testId="oldest-pending" />
          </div>
          <h2>Jobs</h2>
          <table>
            <thead>
              <tr>
                <th>Job</th><th>Schedule</th><th>Last started</th><th>Last finished</th><th>Outcome</th><th>Count</th><th>Next run</th>
              </tr>
            </thead>
            <tbody>
              {(data.jobs ?? []).map((j) => (
                <tr key={j.name}>
                  <td>{j.name}</td>
                  <td className="mono">{j.schedule ?? '—'}</td>
                  <td>{when(j.lastStartedAt, true)}</td>
                  <td>{when(j.lastFinishedAt, true)}</td>
                  <td>
                    {j.lastOutcome ?? '—'}
                    {j.lastError && <div className="problem">{j.lastError}</div>}
                  </td>
                  <td>{j.lastCount ?? '—'}</td>
                  <td>{when(j.nextRunAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Last ranking runs</h2>
          <table>
            <thead>
              <tr>
                <th>Exam</th><th>Trigger</th><th>Status</th><th>Started</th><th>Participants</th><th>Duration</th>
              </tr>
            </thead>
            <tbody>
              {(data.lastRankingRuns ?? []).map((r) => (
                <tr key={r.id}>
                  <td><Link to={`/rankings/${r.examId}`}>{shortId(r.examId)}</Link></td>
                  <td>{r.trigger}</td>
                  <td><span className="badge">{r.status}</span>{r.error && <div className="problem">{r.error}</div>}</td>
                  <td>{when(r.startedAt, true)}</td>
                  <td>{r.participants ?? '—'}</td>
                  <td>{r.durationMs !== undefined ? `${r.durationMs} ms` : '—'}</td>
                </tr>
              ))}
              {(data.lastRankingRuns ?? []).length === 0 && (
                <tr><td colSpan={6} className="empty">No ranking has run yet.</td></tr>
              )}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function Stat({ label, value, testId, warn }: { label: string; value: string | number; testId: string; warn?: boolean }) {
  return (
    <div className="stat" data-testid={testId} style={warn ? { borderColor: '#c22f2f' } : undefined}>
      <div className="value">{value}</div>
      <div className="label">{label}</div>
    </div>
  );
}
