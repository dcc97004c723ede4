import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../api/client';
import { PagedTable } from '../components/PagedTable';
import { ProblemView } from '../components/ProblemView';
import { Progress } from '../components/Progress';
import { shortId, when } from '../format';

type Broadcast = Schemas['BroadcastDto'];

/** A push to every app (topic `all`) or to one exam's topic (`exam-{examId}`, which the app joins for an exam it entered). */
export default function BroadcastsPage() {
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [deeplink, setDeeplink] = useState('');
  const [target, setTarget] = useState<'all' | 'exam'>('all');
  const [examId, setExamId] = useState('');
  // One key per message: a retry after a network failure is replayed by the API, never pushed twice.
  const [key, setKey] = useState(() => crypto.randomUUID());

  const exams = useQuery({
    queryKey: ['exams', 'picker'],
    queryFn: async () =>
      (await unwrap(api.GET('/api/learning/admin/exams', { params: { query: { Offset: 0, Limit: 100 } } }))).exams ?? [],
    enabled: target === 'exam',
  });

  const send = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/learning/admin/notifications/broadcast', {
          params: { header: { 'Idempotency-Key': key } },
          body: {
            title,
            body,
            deeplink: deeplink.trim() || undefined,
            topic: target === 'exam' ? `exam-${examId}` : undefined,
          },
        }),
      ),
    onSuccess: () => {
      setTitle('');
      setBody('');
      setDeeplink('');
      setKey(crypto.randomUUID());
      void queryClient.invalidateQueries({ queryKey: ['broadcasts'] });
    },
  });

  const edit = (set: (v: string) => void) => (e: { target: { value: string } }) => {
    set(e.target.value);
    // Another message: another key.
    if (send.data) setKey(crypto.randomUUID());
    send.reset();
  };

  return (
    <section>
      <h1>Broadcasts</h1>
      <div className="card">
        <h2 style={{ marginTop: 0 }}>Send a push</h2>
        <div className="row">
          <label>
            To
            <select value={target} onChange={(e) => setTarget(e.target.value as 'all' | 'exam')}>
              <option value="all">All learners (topic all)</option>
              <option value="exam">An exam's participants</option>
            </select>
          </label>
          {target === 'exam' && (
            <label>
              Exam
              <select aria-label="Exam" value={examId} onChange={(e) => setExamId(e.target.value)}>
                <option value="">—</option>
                {(exams.data ?? []).map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.title} ({e.status})
                  </option>
                ))}
              </select>
            </label>
          )}
          <label style={{ flex: 1 }}>
            Title (one line)
            <input value={title} maxLength={100} onChange={edit(setTitle)} />
          </label>
        </div>
        <label>
          Body
          <textarea aria-label="Body" value={body} maxLength={500} onChange={edit(setBody)} />
        </label>
        <div className="row">
          <label style={{ flex: 1 }}>
            Deeplink (optional, learning://…)
            <input value={deeplink} maxLength={300} placeholder="learning://exams" onChange={edit(setDeeplink)} />
          </label>
          <button
            type="button"
            className="primary"
            disabled={!title.trim() || !body.trim() || (target === 'exam' && !examId) || send.isPending}
            onClick={() => send.mutate()}
          >
            Send
          </button>
          {send.isPending && <Progress label="Queuing" />}
        </div>
        <ProblemView error={exams.error ?? send.error} />
        {send.data && (
          <div className="ok" role="status">
            Queued to topic <code>{send.data.topic}</code> (message {shortId(send.data.messageId)}): it goes out with the next outbox run.
          </div>
        )}
      </div>
      <h2>History</h2>
      <PagedTable<Broadcast>
        queryKey={['broadcasts']}
        refetchInterval={5_000}
        load={async (offset, limit) =>
          (await unwrap(api.GET('/api/learning/admin/notifications/broadcasts', { params: { query: { Offset: offset, Limit: limit } } })))
            .broadcasts ?? []
        }
        rowKey={(b) => b.messageId!}
        empty="Nothing was broadcast yet."
        columns={[
          { header: 'Queued', cell: (b) => when(b.createdAt, true) },
          { header: 'Topic', cell: (b) => <code>{b.topic}</code> },
          { header: 'Kind', cell: (b) => (b.type === 'admin.broadcast' ? 'admin' : 'results published') },
          {
            header: 'Message',
            cell: (b) => (
              <>
                <strong>{b.title ?? '—'}</strong>
                <div style={{ whiteSpace: 'pre-line' }}>{b.body}</div>
                {b.deeplink && <code>{b.deeplink}</code>}
              </>
            ),
          },
          { header: 'By', cell: (b) => <span className="mono">{shortId(b.sentBy)}</span> },
          {
            header: 'Status',
            cell: (b) => (
              <>
                <span className="badge">{b.status}</span>
                {b.lastError && <div className="problem-code">{b.lastError}</div>}
              </>
            ),
          },
          { header: 'Sent', cell: (b) => when(b.dispatchedAt, true) },
        ]}
      />
    </section>
  );
}
