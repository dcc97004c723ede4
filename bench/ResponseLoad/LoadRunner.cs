using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace LearningPlatform.ResponseLoad;

public sealed class RunResult(
    Window window, double[] sortedLatenciesMs, long errors, Dictionary<string, int> errorsByKind, long acceptedTotal, bool exhausted,
    int[] perSecond)
{
    public Window Window { get; } = window;
    /// <summary>Requests sent inside the measured window.</summary>
    public int Requests => sortedLatenciesMs.Length;
    /// <summary>Requests inside the window that were not a 200 with a newly recorded answer.</summary>
    public long Errors { get; } = errors;
    public Dictionary<string, int> ErrorsByKind { get; } = errorsByKind;
    /// <summary>Answers the API recorded as new over the whole run (warm-up included); each is one row in responses.</summary>
    public long AcceptedTotal { get; } = acceptedTotal;
    public bool Exhausted { get; } = exhausted;
    /// <summary>Requests completed in each second since the workers started, warm-up included: shows the JIT warming up.</summary>
    public int[] PerSecond { get; } = perSecond;

    /// <summary>Nearest-rank percentile in milliseconds.</summary>
    public double Percentile(double p)
    {
        if (sortedLatenciesMs.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100 * sortedLatenciesMs.Length);
        return sortedLatenciesMs[Math.Clamp(rank - 1, 0, sortedLatenciesMs.Length - 1)];
    }
}

/// <summary>
/// One worker per connection; each owns <c>LearnersPerWorker</c> open attempts and answers their questions one after
/// the other, in the attempt's order, as fast as the API answers: a closed loop with no think time.
/// </summary>
public sealed class LoadRunner(HttpClient http, BenchOptions options, List<Learner> learners, ResourceSampler sampler)
{
    private const long ClaimedElapsedMs = 50;
    private static readonly MediaTypeHeaderValue JsonType = new("application/json") { CharSet = "utf-8" };
    private readonly List<(long Start, long End, string? Error)>[] _records =
        Enumerable.Range(0, options.Workers).Select(_ => new List<(long, long, string?)>(4096)).ToArray();
    private volatile bool _stop;
    private long _accepted;
    private int _exhausted;
    private int _errorSamples;

    public async Task<RunResult> RunAsync(CancellationToken ct)
    {
        var origin = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, options.Workers)
            .Select(w => Task.Run(() => WorkAsync(w, ct), ct))
            .ToArray();

        Window window;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(options.WarmupSeconds), ct);
            var start = await sampler.TakeAsync(ct);
            if (options.MarkerFile is { } marker)
            {
                await File.WriteAllTextAsync(marker, "measuring\n", ct);
            }

            await Task.Delay(TimeSpan.FromSeconds(options.DurationSeconds), ct);
            var end = await sampler.TakeAsync(ct);
            window = new Window(start, end, options);
        }
        finally
        {
            _stop = true;
        }

        await Task.WhenAll(workers);

        var inWindow = _records.SelectMany(r => r)
            .Where(r => r.Start >= window.StartTimestamp && r.Start < window.EndTimestamp)
            .ToList();
        var latencies = inWindow.Select(r => Stopwatch.GetElapsedTime(r.Start, r.End).TotalMilliseconds).Order().ToArray();
        var errors = inWindow.Where(r => r.Error is not null).GroupBy(r => r.Error!).ToDictionary(g => g.Key, g => g.Count());
        var perSecond = new int[(int)Stopwatch.GetElapsedTime(origin, window.EndTimestamp).TotalSeconds];
        foreach (var r in _records.SelectMany(r => r))
        {
            var second = (int)Stopwatch.GetElapsedTime(origin, r.End).TotalSeconds;
            if (second < perSecond.Length)
            {
                perSecond[second]++;
            }
        }

        return new RunResult(
            window, latencies, errors.Values.Sum(), errors, Interlocked.Read(ref _accepted), _exhausted > 0, perSecond);
    }

    private async Task WorkAsync(int worker, CancellationToken ct)
    {
        var records = _records[worker];
        var mine = learners.Skip(worker * options.LearnersPerWorker).Take(options.LearnersPerWorker).ToList();
        var index = 0;
        while (!_stop)
        {
            while (index < mine.Count && mine[index].NextQuestion >= mine[index].Attempt.Questions.Count)
            {
                index++;
            }

            if (index == mine.Count)
            {
                Interlocked.Increment(ref _exhausted);
                return;
            }

            var learner = mine[index];
            var question = learner.Attempt.Questions[learner.NextQuestion];
            var choice = question.Choices[Random.Shared.Next(question.Choices.Count)];
            // A closed loop has no think time, so the time really spent on a question is ~0 ms. Claim a plausible
            // 50 ms instead, but never more than the wall time since the start minus what was already claimed, so
            // the server's clock check has nothing to clamp (CHECK flagged_attempts=0) and every answer adds time
            // to the attempt, i.e. takes the normal path: the xmin-checked UPDATE of the attempt plus the INSERT.
            var budget = (long)Stopwatch.GetElapsedTime(learner.StartedTimestamp).TotalMilliseconds - learner.ClaimedMs;
            var elapsedMs = Math.Clamp(budget, 0, ClaimedElapsedMs);
            var body = $$"""{"questionId":"{{question.Id}}","choiceId":"{{choice.Id}}","elapsedMs":{{elapsedMs}}}""";

            using var request = new HttpRequestMessage(HttpMethod.Post, $"api/learning/app/attempts/{learner.Attempt.AttemptId}/responses")
            {
                Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) { Headers = { ContentType = JsonType } },
            };
            request.Headers.Authorization = learner.Authorization;
            request.Headers.Add("X-Attempt-Token", learner.Attempt.AttemptToken);

            var started = Stopwatch.GetTimestamp();
            string? error;
            try
            {
                using var response = await http.SendAsync(request, ct);
                var text = await response.Content.ReadAsStringAsync(ct);
                error = response.StatusCode != HttpStatusCode.OK ? $"HTTP {(int)response.StatusCode}"
                    : text.Contains("\"duplicate\":false", StringComparison.Ordinal) ? null
                    : "200 without a new answer";
                if (error is not null && Interlocked.Increment(ref _errorSamples) <= 5)
                {
                    Console.Error.WriteLine($"ResponseLoad: {error}: {text}");
                }
            }
            catch (HttpRequestException ex)
            {
                error = "connection error";
                if (Interlocked.Increment(ref _errorSamples) <= 5)
                {
                    Console.Error.WriteLine($"ResponseLoad: {ex.Message}");
                }
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                error = "timeout";
            }

            var ended = Stopwatch.GetTimestamp();
            records.Add((started, ended, error));
            if (error is null)
            {
                Interlocked.Increment(ref _accepted);
            }

            // Move on either way: a refused answer is not retried, so one bad question cannot stall a worker.
            learner.NextQuestion++;
            learner.ClaimedMs += elapsedMs;
        }
    }
}
