using System.Diagnostics;
using System.Globalization;
using LearningPlatform.ResponseLoad;

// Drives POST /api/learning/app/attempts/{id}/responses with many learners in parallel and prints one
// parseable RESULT line. Started by bench/run.sh; see bench/README.md.
var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

// Everything is bounded: setup, the run itself and the checks afterwards.
using var deadline = new CancellationTokenSource(
    TimeSpan.FromSeconds(3 * options.SetupTimeoutSeconds + options.WarmupSeconds + options.DurationSeconds + 60));
var ct = deadline.Token;
var inv = CultureInfo.InvariantCulture;

try
{
    var setupClock = Stopwatch.StartNew();
    await using var tokens = await BenchTokenServer.StartAsync(options.Authority, ct);
    var examId = await BenchSetup.CreateExamAsync(options, ct);
    using var http = BenchSetup.CreateHttpClient(options);
    var learners = await BenchSetup.StartAttemptsAsync(http, options, tokens, examId, ct);
    Console.WriteLine(string.Create(inv,
        $"setup: exam {examId}, {options.Questions} questions, {learners.Count} attempts started in {setupClock.Elapsed.TotalSeconds:F1} s"));

    var sampler = new ResourceSampler(options);
    var run = await new LoadRunner(http, options, learners, sampler).RunAsync(ct);

    var window = run.Window;
    var perRequest = run.Requests > 0 ? 1.0 / run.Requests : 0;
    Console.WriteLine(string.Create(inv,
        $"RESULT requests={run.Requests} duration_s={window.Seconds:F2} rps={run.Requests / window.Seconds:F1} " +
        $"p50_ms={run.Percentile(50):F2} p90_ms={run.Percentile(90):F2} p99_ms={run.Percentile(99):F2} " +
        $"max_ms={run.Percentile(100):F2} errors={run.Errors} workers={options.Workers}"));
    Console.WriteLine(string.Create(inv,
        $"CPU window_s={window.Seconds:F2} cores={window.Cores} busy_pct={window.BusyPercent:F1} " +
        $"iowait_pct={window.IoWaitPercent:F1} app_pct={window.PercentOfMachine(window.AppSeconds):F1} " +
        $"postgres_pct={window.PercentOfMachine(window.PostgresSeconds):F1} " +
        $"driver_pct={window.PercentOfMachine(window.DriverSeconds):F1} " +
        $"redis_pct={window.PercentOfMachine(window.RedisSeconds):F1} " +
        $"gateway_pct={window.PercentOfMachine(window.GatewaySeconds):F1} " +
        $"other_pct={window.PercentOfMachine(window.OtherProcessesSeconds):F1} uncharged_pct={window.UnchargedPercent:F1} " +
        $"app_cpu_ms_per_req={window.AppSeconds * 1000 * perRequest:F3} " +
        $"postgres_cpu_ms_per_req={window.PostgresSeconds * 1000 * perRequest:F3} " +
        $"driver_cpu_ms_per_req={window.DriverSeconds * 1000 * perRequest:F3} " +
        $"redis_cpu_ms_per_req={window.RedisSeconds * 1000 * perRequest:F3} " +
        $"gateway_cpu_ms_per_req={window.GatewaySeconds * 1000 * perRequest:F3}"));
    if (window.BusiestOthers.Count > 0)
    {
        Console.WriteLine($"CPU busiest other processes (pct): {string.Join(' ', window.BusiestOthers)}");
    }

    Console.WriteLine(string.Create(inv,
        $"PGSTAT commits_per_req={window.Db.Commits * perRequest:F2} rollbacks={window.Db.Rollbacks} " +
        $"rows_fetched_per_req={window.Db.RowsFetched * perRequest:F1} rows_inserted_per_req={window.Db.RowsInserted * perRequest:F2} " +
        $"rows_updated_per_req={window.Db.RowsUpdated * perRequest:F2} wal_bytes_per_req={window.Db.WalBytes * perRequest:F0} " +
        $"wal_syncs={window.Db.WalSyncs} wal_syncs_per_req={window.Db.WalSyncs * perRequest:F3} " +
        $"autovacuums={window.Db.AutoVacuums} autoanalyzes={window.Db.AutoAnalyzes} " +
        $"attempts_hot_update_pct={(window.Db.AttemptUpdates > 0 ? 100.0 * window.Db.AttemptHotUpdates / window.Db.AttemptUpdates : 0):F1}"));
    Console.WriteLine($"TIMELINE requests per second since the workers started ({options.WarmupSeconds} s warm-up): {string.Join(' ', run.PerSecond)}");
    foreach (var (status, count) in run.ErrorsByKind.OrderBy(e => e.Key))
    {
        Console.WriteLine($"errors: {status} x{count}");
    }

    var check = await BenchSetup.CheckAsync(options, examId, ct);
    Console.WriteLine(
        $"CHECK responses_in_db={check.Responses} answers_accepted={run.AcceptedTotal} flagged_attempts={check.Flagged}");
    if (run.Exhausted)
    {
        Console.Error.WriteLine("ResponseLoad: some workers ran out of unanswered questions; raise --learners-per-worker.");
        return 3;
    }

    if (check.Responses != run.AcceptedTotal)
    {
        Console.Error.WriteLine("ResponseLoad: the database does not hold one response per accepted answer.");
        return 4;
    }

    // Completing every attempt, then starting one at a second exam: reported, each against pgbench by run.sh.
    Console.WriteLine(await PhaseRunner.CompleteAllAsync(http, options, learners, sampler, ct));
    var secondExam = await BenchSetup.CreateExamAsync(options, ct);
    Console.WriteLine(await PhaseRunner.StartAllAsync(http, options, learners, secondExam, sampler, ct));

    return 0;
}
catch (OperationCanceledException) when (deadline.IsCancellationRequested)
{
    Console.Error.WriteLine("ResponseLoad: gave up, the run took longer than its deadline.");
    return 5;
}
catch (BenchSetupException ex)
{
    Console.Error.WriteLine($"ResponseLoad: {ex.Message}");
    return 6;
}
