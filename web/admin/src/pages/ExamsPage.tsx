import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { api, unwrap, type Schemas } from '../api/client';
import { usePools } from '../api/lookups';
import { PagedTable } from '../components/PagedTable';
import { ProblemView } from '../components/ProblemView';
import { Progress } from '../components/Progress';
import { fromLocalInput, toLocalInput, when } from '../format';

type Exam = Schemas['AdminExamDto'];
type Status = Schemas['AdminExamStatus'];
const statuses: Status[] = ['DRAFT', 'SCHEDULED', 'OPEN', 'CLOSED', 'RANKING', 'RANKED', 'PUBLISHED', 'CANCELLED'];

/** Exams as admins write them: the list by status, and a new draft (scheduled on its own page). */
export default function ExamsPage() {
  const [status, setStatus] = useState<Status | ''>('');
  return (
    <section>
      <h1>Exams</h1>
      <NewExam />
      <h2>All exams</h2>
      <div className="row">
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as Status | '')}>
            <option value="">All</option>
            {statuses.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
      </div>
      <PagedTable<Exam>
        queryKey={['exams', { status }]}
        load={async (offset, limit) =>
          (
            await unwrap(
              api.GET('/api/learning/admin/exams', { params: { query: { Offset: offset, Limit: limit, status: status || undefined } } }),
            )
          ).exams ?? []
        }
        rowKey={(e) => e.id!}
        columns={[
          { header: 'Title', cell: (e) => <Link to={`/exams/${e.id}`}>{e.title}</Link> },
          { header: 'Mode', cell: (e) => e.mode },
          { header: 'Status', cell: (e) => <span className="badge">{e.status}</span> },
          { header: 'Opens', cell: (e) => when(e.opensAt) },
          { header: 'Closes', cell: (e) => when(e.closesAt) },
          { header: 'Entry fee', cell: (e) => e.entryFee ?? 0 },
          { header: '', cell: (e) => <Link to={`/rankings/${e.id}`}>Ranking</Link> },
        ]}
      />
    </section>
  );
}

/** A new DRAFT: window, duration, questions drawn from a pool, a prize table. */
function NewExam() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const pools = usePools();
  const inAnHour = new Date(Date.now() + 60 * 60 * 1000);
  const [title, setTitle] = useState('');
  const [mode, setMode] = useState<Schemas['ExamMode']>('CONTEST');
  const [opensAt, setOpensAt] = useState(toLocalInput(inAnHour.toISOString()));
  const [closesAt, setClosesAt] = useState(toLocalInput(new Date(inAnHour.getTime() + 24 * 3600 * 1000).toISOString()));
  const [durationSeconds, setDuration] = useState(600);
  const [poolId, setPoolId] = useState('');
  const [count, setCount] = useState(10);
  const [entryFee, setEntryFee] = useState(0);
  const [guaranteedPool, setGuaranteedPool] = useState(0);
  const [firstPrize, setFirstPrize] = useState(0);

  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/learning/admin/exams', {
          body: {
            title,
            mode,
            opensAt: fromLocalInput(opensAt),
            closesAt: fromLocalInput(closesAt),
            durationSeconds,
            maxAttempts: 1,
            entryFee,
            guaranteedPool,
            tieRule: 'SHARE_EQUALLY',
            items: poolId ? [{ poolId, count }] : [],
            prizes: firstPrize > 0 ? [{ fromRank: 1, toRank: 1, coins: firstPrize }] : [],
          },
        }),
      ),
    onSuccess: (exam) => {
      void queryClient.invalidateQueries({ queryKey: ['exams'] });
      navigate(`/exams/${exam.id}`);
    },
  });

  return (
    <div className="card">
      <h2 style={{ marginTop: 0 }}>New exam</h2>
      <div className="row">
        <label>Title<input value={title} onChange={(e) => setTitle(e.target.value)} /></label>
        <label>
          Mode
          <select value={mode} onChange={(e) => setMode(e.target.value as Schemas['ExamMode'])}>
            <option>CONTEST</option>
            <option>PRACTICE</option>
          </select>
        </label>
        <label>Opens<input type="datetime-local" value={opensAt} onChange={(e) => setOpensAt(e.target.value)} /></label>
        <label>Closes<input type="datetime-local" value={closesAt} onChange={(e) => setClosesAt(e.target.value)} /></label>
        <label>Duration (s)<input type="number" min={1} value={durationSeconds} onChange={(e) => setDuration(Number(e.target.value))} /></label>
      </div>
      <div className="row">
        <label>
          Questions from pool
          <select value={poolId} onChange={(e) => setPoolId(e.target.value)}>
            <option value="">—</option>
            {(pools.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>{p.name} ({p.readyQuestions} ready)</option>
            ))}
          </select>
        </label>
        <label>How many<input type="number" min={1} value={count} onChange={(e) => setCount(Number(e.target.value))} /></label>
        <label>Entry fee (coins)<input type="number" min={0} value={entryFee} onChange={(e) => setEntryFee(Number(e.target.value))} /></label>
        <label>Guaranteed pool<input type="number" min={0} value={guaranteedPool} onChange={(e) => setGuaranteedPool(Number(e.target.value))} /></label>
        <label>1st prize (coins)<input type="number" min={0} value={firstPrize} onChange={(e) => setFirstPrize(Number(e.target.value))} /></label>
        <button type="button" className="primary" disabled={!title.trim() || create.isPending} onClick={() => create.mutate()}>
          Create draft
        </button>
        {create.isPending && <Progress label="Creating" />}
      </div>
      <ProblemView error={create.error} />
    </div>
  );
}
