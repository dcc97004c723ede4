import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../api/client';
import { PagedTable } from '../components/PagedTable';
import { ProblemView } from '../components/ProblemView';
import { Progress } from '../components/Progress';
import { shortId, when } from '../format';

type Attempt = Schemas['LearnerAttemptDto'];

/** One learner: subscription, wallet, rewards and attempts, for an admin answering them. */
export default function LearnerPage() {
  const { learnerId = '' } = useParams();
  const overview = useQuery({
    queryKey: ['learner', learnerId],
    queryFn: () => unwrap(api.GET('/api/learning/admin/learners/{learnerId}', { params: { path: { learnerId } } })),
  });
  const learner = overview.data;

  return (
    <section>
      <p>
        <Link to="/learners">‹ Learners</Link>
      </p>
      <h1>{learner?.displayName ?? 'Learner'}</h1>
      <p>
        <code>{learnerId}</code>
        {learner && !learner.displayName && ' — no name known to the learning service'}
      </p>
      {overview.isPending && <Progress label="Loading" />}
      <ProblemView error={overview.error} />
      {learner && (
        <>
          <div className="stats">
            <div className="stat">
              <div className="label">Entitled now</div>
              <div className="value" data-testid="learner-entitled">{learner.entitled ? 'yes' : 'no'}</div>
            </div>
            <div className="stat">
              <div className="label">Coins</div>
              <div className="value">{learner.wallet?.balance ?? 0}</div>
            </div>
            <div className="stat">
              <div className="label">Attempts</div>
              <div className="value">{learner.totalAttempts}</div>
            </div>
            <div className="stat">
              <div className="label">Rewards</div>
              <div className="value">{learner.rewards?.length ?? 0}</div>
            </div>
          </div>

          <h2>Subscriptions</h2>
          {(learner.subscriptions ?? []).length === 0 && <p>None.</p>}
          {(learner.subscriptions ?? []).map((s) => (
            <div className="card" key={s.id}>
              <div className="row">
                <strong>{s.planCode}</strong>
                <span className="badge">{s.status}</span>
                <span>{s.store} · {s.productId}</span>
                <span>expires {when(s.expiresAt)}</span>
                <span>{s.entitled ? 'entitled' : 'not entitled'}</span>
              </div>
              <table>
                <thead>
                  <tr><th>Event</th><th>From</th><th>To</th><th>Occurred</th><th>Expiry then</th><th>Recorded</th></tr>
                </thead>
                <tbody>
                  {(s.recentChanges ?? []).map((c, i) => (
                    <tr key={i}>
                      <td><code>{c.eventType}</code></td>
                      <td>{c.from ?? '—'}</td>
                      <td>{c.to}</td>
                      <td>{when(c.occurredAt)}</td>
                      <td>{when(c.expiresAt)}</td>
                      <td>{when(c.recordedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}

          <h2>Wallet</h2>
          <p>
            Balance {learner.wallet?.balance ?? 0} coins; {learner.wallet?.totalEntries ?? 0} ledger entries (the latest below).
          </p>
          <table>
            <thead>
              <tr><th>When</th><th>Amount</th><th>Reason</th><th>Exam</th></tr>
            </thead>
            <tbody>
              {(learner.wallet?.recentEntries ?? []).map((e) => (
                <tr key={e.id}>
                  <td>{when(e.createdAt)}</td>
                  <td>{e.amount}</td>
                  <td>{e.reason}</td>
                  <td>{e.examTitle ?? shortId(e.examId)}</td>
                </tr>
              ))}
              {(learner.wallet?.recentEntries ?? []).length === 0 && (
                <tr><td colSpan={4} className="empty">No coins moved.</td></tr>
              )}
            </tbody>
          </table>

          <h2>Rewards</h2>
          <table>
            <thead>
              <tr><th>Reward</th><th>Exam</th><th>Campaign</th><th>Status</th><th>Coupon</th><th>Changed</th></tr>
            </thead>
            <tbody>
              {(learner.rewards ?? []).map((r) => (
                <tr key={r.id}>
                  <td className="mono">{shortId(r.id)}</td>
                  <td><Link to={`/rankings/${r.examId}`}>{shortId(r.examId)}</Link></td>
                  <td className="mono">{shortId(r.couponCampaignId)}</td>
                  <td><span className="badge">{r.status}</span></td>
                  <td className="mono">{r.maskedCode ?? '—'}</td>
                  <td>{when(r.updatedAt)}</td>
                </tr>
              ))}
              {(learner.rewards ?? []).length === 0 && (
                <tr><td colSpan={6} className="empty">No rewards.</td></tr>
              )}
            </tbody>
          </table>

          <h2>Attempts</h2>
          <PagedTable<Attempt>
            queryKey={['learner-attempts', learnerId]}
            pageSize={20}
            load={async (offset, limit) =>
              (await unwrap(api.GET('/api/learning/admin/learners/{learnerId}/attempts', {
                params: { path: { learnerId }, query: { Offset: offset, Limit: limit } },
              }))).attempts ?? []
            }
            rowKey={(a) => a.id!}
            empty="No attempts."
            columns={[
              { header: 'Exam', cell: (a) => <Link to={`/exams/${a.examId}`}>{a.examTitle}</Link> },
              { header: '#', cell: (a) => a.attemptNumber },
              { header: 'Status', cell: (a) => <span className="badge">{a.status}</span> },
              { header: 'Score', cell: (a) => a.score },
              { header: 'Answered', cell: (a) => a.answeredCount },
              { header: 'Started', cell: (a) => when(a.startedAt, true) },
              { header: 'Finished', cell: (a) => when(a.finishedAt, true) },
              {
                header: 'Flags',
                cell: (a) => (
                  <>
                    {a.flaggedForReview && <span className="badge" title={a.reviewReason ?? ''}>flagged: {a.reviewReason}</span>}
                    {a.invalidatedReason && <span title={a.invalidatedReason}> invalidated: {a.invalidatedReason}</span>}
                  </>
                ),
              },
            ]}
          />
        </>
      )}
    </section>
  );
}
