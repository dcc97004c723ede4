import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, ApiError, unwrap } from '../api/client';
import { Histogram, LineOverTime } from '../components/Charts';
import { ProblemView } from '../components/ProblemView';
import { Progress } from '../components/Progress';
import { when } from '../format';
import { RunsTable } from './RankingsPage';

/** One exam's ranking: run it and watch the run live, rerun, publish, export the standings, and its charts. */
export default function RankingPage() {
  const { examId = '' } = useParams();
  const queryClient = useQueryClient();
  const path = { params: { path: { examId } } };
  const exam = useQuery({ queryKey: ['exam', examId], queryFn: () => unwrap(api.GET('/api/learning/admin/exams/{examId}', path)) });
  // The run this screen started (its id from the 202), watched until it is no longer RUNNING.
  const [watching, setWatching] = useState<string | null>(null);
  // The latest run of this exam, polled each second while one runs: that is "watching the run live".
  const latest = useQuery({
    queryKey: ['ranking-latest', examId],
    queryFn: async () =>
      (await unwrap(api.GET('/api/learning/admin/rankings/runs', { params: { query: { examId, Offset: 0, Limit: 1 } } }))).runs?.[0] ?? null,
    refetchInterval: (q) => (q.state.data?.status === 'RUNNING' || watching !== null ? 1_000 : 10_000),
  });
  const running = latest.data?.status === 'RUNNING' || watching !== null;
  const [, tick] = useState(0);
  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => tick((n) => n + 1), 500);
    return () => window.clearInterval(timer);
  }, [running]);
  useEffect(() => {
    if (watching !== null && latest.data?.id === watching && latest.data.status !== 'RUNNING') {
      setWatching(null);
      void queryClient.invalidateQueries({ queryKey: ['exam', examId] });
      void queryClient.invalidateQueries({ queryKey: ['ranking-runs', examId] });
      void queryClient.invalidateQueries({ queryKey: ['ranking-statistics', examId] });
    }
  }, [watching, latest.data, examId, queryClient]);

  const started = (accepted: { runId?: string }) => {
    setWatching(accepted.runId ?? null);
    void queryClient.invalidateQueries({ queryKey: ['exam', examId] });
    void queryClient.invalidateQueries({ queryKey: ['ranking-latest', examId] });
    void queryClient.invalidateQueries({ queryKey: ['ranking-runs', examId] });
  };
  const run = useMutation({ mutationFn: () => unwrap(api.POST('/api/learning/admin/rankings/{examId}/run', path)), onSuccess: started });
  const rerun = useMutation({ mutationFn: () => unwrap(api.POST('/api/learning/admin/rankings/{examId}/rerun', path)), onSuccess: started });
  const publish = useMutation({
    mutationFn: () => unwrap(api.POST('/api/learning/admin/rankings/{examId}/publish', path)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['exam', examId] }),
  });

  const status = exam.data?.status;
  const since = latest.data?.status === 'RUNNING' && latest.data.startedAt ? new Date(latest.data.startedAt).getTime() : null;
  return (
    <section>
      <p><Link to="/rankings">‹ Rankings</Link> · <Link to={`/exams/${examId}`}>Exam</Link></p>
      <h1>Ranking: {exam.data?.title ?? '…'}</h1>
      <ProblemView error={exam.error} />
      <div className="card">
        <div className="row">
          <span>Exam status: <span className="badge" data-testid="ranking-exam-status">{status ?? '…'}</span></span>
          <button type="button" className="primary" disabled={running || status !== 'CLOSED' || run.isPending} onClick={() => run.mutate()}>Run ranking</button>
          {latest.data?.examRerankNeeded && (
            <button type="button" disabled={running || rerun.isPending} onClick={() => rerun.mutate()}>Rerun</button>
          )}
          <button type="button" disabled={running || status !== 'RANKED' || publish.isPending} onClick={() => publish.mutate()}>
            Publish results
          </button>
          {running && <Progress label={since !== null ? `Ranking… ${Math.max(0, Math.round((Date.now() - since) / 1000))} s` : 'Ranking…'} />}
          {publish.isPending && <Progress label="Publishing" />}
        </div>
        <ProblemView error={run.error} />
        <ProblemView error={rerun.error} />
        <ProblemView error={publish.error} />
        {latest.data && !running && (
          <div className={latest.data.status === 'FAILED' ? 'problem' : 'ok'} data-testid="latest-run">
            Last run {latest.data.status} at {when(latest.data.finishedAt, true)}: {latest.data.participants ?? 0} participants
            {latest.data.durationMs !== undefined && latest.data.durationMs !== null && ` in ${latest.data.durationMs} ms`}
            {latest.data.error && ` — ${latest.data.error}`}
          </div>
        )}
        {publish.data && (
          <div className="ok" data-testid="published">
            Published: {publish.data.winners} winner(s) notified, {publish.data.leaderboardEntries} on the final leaderboard.
          </div>
        )}
      </div>
      <ExportPanel examId={examId} />
      <RankingCharts examId={examId} />
      <h2>Runs</h2>
      <RunsTable examId={examId} live={running} />
    </section>
  );
}

/** The standings as CSV: a background job writes it; poll it until it can be downloaded (a presigned S3 URL). */
function ExportPanel({ examId }: { examId: string }) {
  const [exportId, setExportId] = useState<string | null>(null);
  const request = useMutation({
    mutationFn: () => unwrap(api.POST('/api/learning/admin/rankings/{examId}/export', { params: { path: { examId } } })),
    onSuccess: (accepted) => setExportId(accepted.exportId ?? null),
    onError: (e) => {
      // One export at a time per exam: follow the one already running.
      if (e instanceof ApiError && e.problem.code === 'export.already_running' && typeof e.problem.exportId === 'string') {
        setExportId(e.problem.exportId);
      }
    },
  });
  const job = useQuery({
    queryKey: ['export', exportId],
    enabled: exportId !== null,
    queryFn: () => unwrap(api.GET('/api/learning/admin/exports/{exportId}', { params: { path: { exportId: exportId! } } })),
    refetchInterval: (q) => (q.state.data?.status === 'SUCCEEDED' || q.state.data?.status === 'FAILED' ? false : 1_000),
  });
  const done = job.data?.status === 'SUCCEEDED' || job.data?.status === 'FAILED';
  return (
    <div className="card">
      <div className="row">
        <button type="button" disabled={request.isPending || (exportId !== null && !done)} onClick={() => request.mutate()}>
          Export standings (CSV)
        </button>
        {exportId !== null && !done && <Progress label={`Export ${job.data?.status ?? 'PENDING'}`} />}
        {job.data?.status === 'SUCCEEDED' && job.data.downloadUrl && (
          <a href={job.data.downloadUrl} data-testid="export-download">
            Download {job.data.rows} rows ({Math.ceil((job.data.bytes ?? 0) / 1024)} KiB)
          </a>
        )}
        {job.data?.status === 'FAILED' && <span className="problem">Export failed: {job.data.error}</span>}
      </div>
      {!(request.error instanceof ApiError && request.error.problem.code === 'export.already_running') && <ProblemView error={request.error} />}
      <ProblemView error={job.error} />
    </div>
  );
}


/** Score distribution and participants over time (GET /rankings/{examId}/statistics). */
function RankingCharts({ examId }: { examId: string }) {
  const stats = useQuery({
    queryKey: ['ranking-statistics', examId],
    queryFn: () => unwrap(api.GET('/api/learning/admin/rankings/{examId}/statistics', { params: { path: { examId } } })),
    retry: false,
  });
  const s = stats.data;
  let total = 0;
  const cumulative = (s?.completions ?? []).map((c) => ({ at: c.to ?? '', value: (total += c.newParticipants ?? 0) }));
  return (
    <div className="card">
      <h2 style={{ marginTop: 0 }}>Charts {s && <small>({s.participants ?? 0} participants, from the {(s.source ?? '').toLowerCase()})</small>}</h2>
      <ProblemView error={stats.error} />
      {stats.isPending && <Progress label="Loading charts" />}
      {s && (
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))', gap: 16 }}>
          <figure style={{ margin: 0 }}>
            <figcaption>Score distribution (learners per score)</figcaption>
            <Histogram
              title="Score distribution"
              bins={(s.scores ?? []).map((b) => ({ label: b.from === b.to ? `${b.from}` : `${b.from}–${b.to}`, count: b.learners ?? 0 }))}
            />
          </figure>
          <figure style={{ margin: 0 }}>
            <figcaption>Participants over time</figcaption>
            <LineOverTime title="Participants over time" points={cumulative} />
          </figure>
        </div>
      )}
    </div>
  );
}
