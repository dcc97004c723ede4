using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace LearningPlatform.ResponseLoad;

/// <summary>
/// The start and complete phases after the answer window: each learner once, <c>Workers</c> requests in flight, the
/// whole phase measured (first send to last answer) with the same CPU and PostgreSQL accounting as the answers.
/// </summary>
public static class PhaseRunner
{
    /// <summary>Completes every learner's attempt (X-Attempt-Token, a fresh Idempotency-Key); 200 expected.</summary>
    public static Task<string> CompleteAllAsync(
        HttpClient http, BenchOptions options, IReadOnlyList<Learner> learners, ResourceSampler sampler, CancellationToken ct) =>
        RunAsync("COMPLETES", options, learners.Count, sampler, ct, async (i, token) =>
        {
            var learner = learners[i];
            using var request = new HttpRequestMessage(HttpMethod.Post, $"api/learning/app/attempts/{learner.Attempt.AttemptId}/complete");
            request.Headers.Authorization = learner.Authorization;
            request.Headers.Add("X-Attempt-Token", learner.Attempt.AttemptToken);
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            using var response = await http.SendAsync(request, token);
            await response.Content.LoadIntoBufferAsync(token);
            return response.StatusCode == HttpStatusCode.OK;
        });

    /// <summary>Starts one attempt per learner at <paramref name="examId"/> (a second exam); 201 expected.</summary>
    public static Task<string> StartAllAsync(
        HttpClient http, BenchOptions options, IReadOnlyList<Learner> learners, Guid examId, ResourceSampler sampler, CancellationToken ct) =>
        RunAsync("STARTS", options, learners.Count, sampler, ct, async (i, token) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"api/learning/app/exams/{examId}/attempts");
            request.Headers.Authorization = learners[i].Authorization;
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            using var response = await http.SendAsync(request, token);
            await response.Content.LoadIntoBufferAsync(token);
            return response.StatusCode == HttpStatusCode.Created;
        });

    private static async Task<string> RunAsync(
        string label, BenchOptions options, int count, ResourceSampler sampler, CancellationToken ct,
        Func<int, CancellationToken, Task<bool>> send)
    {
        var latencies = new double[count];
        var errors = 0;
        var next = -1;
        var start = await sampler.TakeAsync(ct);
        await Task.WhenAll(Enumerable.Range(0, options.Workers).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var sent = Stopwatch.GetTimestamp();
                var ok = false;
                try
                {
                    ok = await send(i, ct);
                }
                catch (HttpRequestException)
                {
                }

                latencies[i] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                if (!ok)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }, ct)));
        var window = new Window(start, await sampler.TakeAsync(ct), options);
        Array.Sort(latencies);
        double P(double p) => latencies[Math.Clamp((int)Math.Ceiling(p / 100 * count) - 1, 0, count - 1)];
        var per = 1.0 / count;
        return string.Create(CultureInfo.InvariantCulture,
            $"{label} count={count} duration_s={window.Seconds:F2} rate={count / window.Seconds:F1} p50_ms={P(50):F2} p99_ms={P(99):F2} " +
            $"errors={errors} busy_pct={window.BusyPercent:F1} other_pct={window.PercentOfMachine(window.OtherProcessesSeconds):F1} " +
            $"app_cpu_ms_per_op={window.AppSeconds * 1000 * per:F3} postgres_cpu_ms_per_op={window.PostgresSeconds * 1000 * per:F3} " +
            $"driver_cpu_ms_per_op={window.DriverSeconds * 1000 * per:F3} redis_cpu_ms_per_op={window.RedisSeconds * 1000 * per:F3} " +
            $"commits_per_op={window.Db.Commits * per:F2} rows_fetched_per_op={window.Db.RowsFetched * per:F1} " +
            $"rows_inserted_per_op={window.Db.RowsInserted * per:F2} wal_syncs_per_op={window.Db.WalSyncs * per:F3}");
    }
}
