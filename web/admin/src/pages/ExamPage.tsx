import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, unwrap, type Schemas } from '../api/client';
import { ProblemView } from '../components/ProblemView';
import { Progress } from '../components/Progress';
import { fromLocalInput, toLocalInput, when } from '../format';

type Exam = Schemas['AdminExamDto'];

/** One exam: its settings, and the moves its status allows (schedule, unschedule, extend, cancel) plus the preview. */
export default function ExamPage() {
  const { examId = '' } = useParams();
  const queryClient = useQueryClient();
  const path = { params: { path: { examId } } };
  const exam = useQuery({ queryKey: ['exam', examId], queryFn: () => unwrap(api.GET('/api/learning/admin/exams/{examId}', path)) });
  const [closesAt, setClosesAt] = useState('');

  const updated = (e: Exam) => {
    queryClient.setQueryData(['exam', examId], e);
    void queryClient.invalidateQueries({ queryKey: ['exams'] });
  };
  const schedule = useMutation({ mutationFn: () => unwrap(api.POST('/api/learning/admin/exams/{examId}/schedule', path)), onSuccess: updated });
  const unschedule = useMutation({ mutationFn: () => unwrap(api.POST('/api/learning/admin/exams/{examId}/unschedule', path)), onSuccess: updated });
  const extend = useMutation({
    mutationFn: () => unwrap(api.POST('/api/learning/admin/exams/{examId}/extend', { ...path, body: { closesAt: fromLocalInput(closesAt) } })),
    onSuccess: updated,
  });
  const cancel = useMutation({
    mutationFn: () => unwrap(api.POST('/api/learning/admin/exams/{examId}/cancel', path)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['exam', examId] }),
  });
  const preview = useMutation({ mutationFn: () => unwrap(api.POST('/api/learning/admin/exams/{examId}/preview', path)) });
  const busy = schedule.isPending || unschedule.isPending || extend.isPending || cancel.isPending;

  const e = exam.data;
  return (
    <section>
      <p><Link to="/exams">‹ Exams</Link></p>
      <h1>{e?.title ?? 'Exam'}</h1>
      <ProblemView error={exam.error} />
      {exam.isPending && <Progress label="Loading" />}
      {e && (
        <>
          <div className="card">
            <dl className="stats">
              <Field label="Status" value={<span className="badge" data-testid="exam-status">{e.status}</span>} />
              <Field label="Mode" value={e.mode} />
              <Field label="Opens" value={when(e.opensAt)} />
              <Field label="Closes" value={when(e.closesAt)} />
              <Field label="Duration" value={`${e.durationSeconds} s`} />
              <Field label="Entry fee" value={e.entryFee ?? 0} />
              <Field label="Guaranteed pool" value={e.guaranteedPool ?? 0} />
              <Field label="Tie rule" value={e.tieRule} />
            </dl>
            <h2>Questions</h2>
            <ul>
              {(e.items ?? []).map((item, i) => (
                <li key={i}>
                  {item.poolId ? `${item.count} drawn from pool ${item.poolId.slice(0, 8)}` : `question ${item.questionId?.slice(0, 8)} v${item.version ?? 'latest'}`}
                </li>
              ))}
            </ul>
            <h2>Prizes</h2>
            <ul>
              {(e.prizes ?? []).map((p, i) => (
                <li key={i}>
                  ranks {p.fromRank}–{p.toRank}: {p.coins ? `${p.coins} coins` : `coupon ${p.couponCampaignId?.slice(0, 8)}`}
                </li>
              ))}
              {(e.prizes ?? []).length === 0 && <li>none</li>}
            </ul>
          </div>
          <div className="card">
            <div className="row">
              {e.status === 'DRAFT' && (
                <button type="button" className="primary" disabled={busy} onClick={() => schedule.mutate()}>Schedule</button>
              )}
              {e.status === 'SCHEDULED' && (
                <button type="button" disabled={busy} onClick={() => unschedule.mutate()}>Unschedule</button>
              )}
              {(e.status === 'SCHEDULED' || e.status === 'OPEN') && (
                <>
                  <label>
                    New closing time
                    <input type="datetime-local" value={closesAt || toLocalInput(e.closesAt)} onChange={(ev) => setClosesAt(ev.target.value)} />
                  </label>
                  <button type="button" disabled={busy || !closesAt} onClick={() => extend.mutate()}>Extend</button>
                </>
              )}
              {(e.status === 'SCHEDULED' || e.status === 'OPEN' || e.status === 'CLOSED') && (
                <button
                  type="button"
                  className="danger"
                  disabled={busy}
                  onClick={() => window.confirm('Cancel this exam and refund every entry fee?') && cancel.mutate()}
                >
                  Cancel exam
                </button>
              )}
              <button type="button" disabled={preview.isPending} onClick={() => preview.mutate()}>Preview</button>
              {e.status !== 'DRAFT' && e.status !== 'SCHEDULED' && <Link to={`/rankings/${examId}`}>Ranking ›</Link>}
              {(busy || preview.isPending) && <Progress label="Working" />}
            </div>
            {[schedule, unschedule, extend, cancel, preview].map((m, i) => (
              <ProblemView key={i} error={m.error} />
            ))}
            {cancel.data && (
              <div className="ok">Cancelled: {cancel.data.refunds} refund(s), {cancel.data.coinsRefunded} coins returned.</div>
            )}
          </div>
          {preview.data && <Preview preview={preview.data} />}
        </>
      )}
    </section>
  );
}

function Field({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div className="stat">
      <div className="label">{label}</div>
      <div>{value}</div>
    </div>
  );
}

function Preview({ preview }: { preview: Schemas['ExamPreviewDto'] }) {
  return (
    <div className="card" data-testid="exam-preview">
      <h2 style={{ marginTop: 0 }}>Preview {preview.pinned ? '(the pinned questions)' : '(one sample draw: not pinned yet)'}</h2>
      <ol>
        {(preview.questions ?? []).map((q) => (
          <li key={q.number}>
            <p style={{ whiteSpace: 'pre-wrap' }}>{q.stem} <small>({q.points} pt)</small></p>
            <ul>
              {(q.choices ?? []).map((c, i) => (
                <li key={i} style={c.correct ? { fontWeight: 600 } : undefined}>{c.correct ? '✓ ' : ''}{c.text}</li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </div>
  );
}
