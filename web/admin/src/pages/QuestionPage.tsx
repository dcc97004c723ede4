import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, unwrap, type Schemas } from '../api/client';
import { PagedTable } from '../components/PagedTable';
import { ProblemView } from '../components/ProblemView';
import { Progress } from '../components/Progress';
import { when } from '../format';

type Version = Schemas['QuestionVersionDto'];

/** One bank question: its current version, its status, and every version it ever had (versions never change). */
export default function QuestionPage() {
  const { questionId = '' } = useParams();
  const queryClient = useQueryClient();
  const path = { params: { path: { questionId } } };
  const question = useQuery({
    queryKey: ['question', questionId],
    queryFn: () => unwrap(api.GET('/api/learning/admin/questions/{questionId}', path)),
  });
  const setStatus = useMutation({
    mutationFn: (status: Schemas['QuestionStatus']) =>
      unwrap(api.PUT('/api/learning/admin/questions/{questionId}/status', { ...path, body: { status } })),
    onSuccess: (q) => {
      queryClient.setQueryData(['question', questionId], q);
      void queryClient.invalidateQueries({ queryKey: ['questions'] });
      void queryClient.invalidateQueries({ queryKey: ['pools'] }); // a pool counts READY questions
    },
  });
  const q = question.data;
  return (
    <section>
      <p><Link to="/questions">‹ Question bank</Link></p>
      <h1>{q?.current?.title || 'Question'}</h1>
      <ProblemView error={question.error} />
      {question.isPending && <Progress label="Loading" />}
      {q && (
        <div className="card">
          <p style={{ whiteSpace: 'pre-wrap' }}>{q.current?.stem}</p>
          <VersionChoices version={q.current} />
          <div className="row">
            <span>Status: <span className="badge">{q.status}</span> · version {q.currentVersion} · {q.current?.points} point(s)</span>
            {(['DRAFT', 'READY', 'HIDDEN'] as const)
              .filter((s) => s !== q.status)
              .map((s) => (
                <button key={s} type="button" disabled={setStatus.isPending} onClick={() => setStatus.mutate(s)}>
                  Make {s}
                </button>
              ))}
            {setStatus.isPending && <Progress label="Saving" />}
          </div>
          <ProblemView error={setStatus.error} />
        </div>
      )}
      <h2>Versions</h2>
      <PagedTable<Version>
        queryKey={['question-versions', questionId]}
        pageSize={10}
        load={async (offset, limit) => {
          const all = (await unwrap(api.GET('/api/learning/admin/questions/{questionId}/versions', path))).versions ?? [];
          return all.slice(offset, offset + limit);
        }}
        rowKey={(v) => v.id!}
        columns={[
          { header: '#', cell: (v) => v.number },
          { header: 'Stem', cell: (v) => <span style={{ whiteSpace: 'pre-wrap' }}>{v.stem}</span> },
          { header: 'Choices', cell: (v) => <VersionChoices version={v} /> },
          { header: 'Points', cell: (v) => v.points },
          { header: 'Created', cell: (v) => when(v.createdAt) },
        ]}
      />
    </section>
  );
}

function VersionChoices({ version }: { version?: Version }) {
  return (
    <ul>
      {(version?.choices ?? []).map((c, i) => (
        <li key={i} style={c.correct ? { fontWeight: 600 } : undefined}>
          {c.correct ? '✓ ' : ''}
          {c.text}
        </li>
      ))}
    </ul>
  );
}
