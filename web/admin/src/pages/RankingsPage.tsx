import { Link } from 'react-router';
import { api, unwrap, type Schemas } from '../api/client';
import { PagedTable } from '../components/PagedTable';
import { shortId, when } from '../format';

type Run = Schemas['RankingRunDto'];

/** Every ranking run, newest first (the nightly job's and the admins'); an exam's page runs and publishes. */
export default function RankingsPage() {
  return (
    <section>
      <h1>Rankings</h1>
      <p>
        Exams are ranked at night after they end, or on demand from an exam's ranking page. Exams waiting for a ranking:{' '}
        <Link to="/exams">Exams</Link> (status CLOSED or RANKED).
      </p>
      <RunsTable />
    </section>
  );
}

export function RunsTable({ examId, live }: { examId?: string; live?: boolean }) {
  return (
    <PagedTable<Run>
      queryKey={['ranking-runs', examId ?? 'all']}
      pageSize={20}
      refetchInterval={live ? 1_500 : 10_000}
      load={async (offset, limit) =>
        (await unwrap(api.GET('/api/learning/admin/rankings/runs', { params: { query: { Offset: offset, Limit: limit, examId } } }))).runs ?? []
      }
      rowKey={(r) => r.id!}
      columns={[
        ...(examId ? [] : [{ header: 'Exam', cell: (r: Run) => <Link to={`/rankings/${r.examId}`}>{shortId(r.examId)}</Link> }]),
        { header: 'Run', cell: (r) => <span className="mono">{shortId(r.id)}</span> },
        { header: 'Trigger', cell: (r) => r.trigger },
        { header: 'Status', cell: (r) => <span className="badge" data-testid="run-status">{r.status}</span> },
        { header: 'Started', cell: (r) => when(r.startedAt, true) },
        { header: 'Finished', cell: (r) => when(r.finishedAt, true) },
        { header: 'Participants', cell: (r) => r.participants ?? '—' },
        { header: 'Duration', cell: (r) => (r.durationMs !== undefined && r.durationMs !== null ? `${r.durationMs} ms` : '—') },
        { header: 'Error', cell: (r) => r.error ?? (r.examRerankNeeded ? 'rerun needed' : '') },
      ]}
    />
  );
}
