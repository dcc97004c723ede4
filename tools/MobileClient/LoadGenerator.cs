using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LearningPlatform.MobileClient;

public sealed class LoadOptions
{
    public const int MaxLearners = 10_000;
    public const int MaxDurationSeconds = 3_600;
    public const int MaxConcurrency = 1_000;

    public required Uri Gateway { get; init; }
    public int Learners { get; init; } = 10;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Flows in flight at once (and registrations, before the clock starts).</summary>
    public int Concurrency { get; init; } = 50;

    public Guid? ExamId { get; init; }

    /// <summary>
    /// How many loopback source addresses (127.0.0.2, .3, …) the learners' connections come from, learners spread over
    /// them in turn: phones are on many networks, and the gateway limits sign-ins and registrations per address.
    /// 0: one per 40 learners (at most 200). 1: all from the default address.
    /// </summary>
    public int SourceAddresses { get; init; }

    /// <summary>The longest the parallel registration before the measured run may take.</summary>
    public TimeSpan RegistrationTimeout { get; init; } = TimeSpan.FromMinutes(10);

    public void Validate()
    {
        if (Learners is < 1 or > MaxLearners)
        {
            throw new ArgumentException($"--learners must be 1..{MaxLearners}");
        }

        if (Duration <= TimeSpan.Zero || Duration > TimeSpan.FromSeconds(MaxDurationSeconds))
        {
            throw new ArgumentException($"--duration must be 1..{MaxDurationSeconds} seconds");
        }

        if (Concurrency is < 1 or > MaxConcurrency)
        {
            throw new ArgumentException($"--concurrency must be 1..{MaxConcurrency}");
        }

        if (SourceAddresses is < 0 or > 250)
        {
            throw new ArgumentException("--sources must be 0..250");
        }

        LoopbackOnly.Require(Gateway.ToString());
    }
}

/// <summary>
/// Runs N learners through <see cref="LearnerFlow"/> concurrently against one gateway on loopback: the accounts are
/// registered first, in parallel and off the clock; then at most <see cref="LoadOptions.Concurrency"/> flows run at once
/// until every learner is through or <see cref="LoadOptions.Duration"/> is up (flows still running are cancelled and
/// counted as unfinished). Every call's latency is kept per step.
/// </summary>
public static class LoadGenerator
{
    public static async Task<LoadReport> RunAsync(LoadOptions options, Action<string>? say = null, CancellationToken ct = default)
    {
        options.Validate();
        say ??= _ => { };
        var tag = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..4];
        var accounts = Enumerable.Range(0, options.Learners)
            .Select(i => new LearnerAccount($"load-{tag}-{i}@mobile-client.test", "load learner password", $"Load {tag[^6..]} {i}"))
            .ToArray();
        var clients = Clients(options);
        try
        {
            var registration = new Recorder();
            // Each registration hashes a password (PBKDF2, CPU-bound): more at once than a few per core only queues them
            // in the token server until the gateway's upstream timeout.
            var registering = Math.Min(options.Concurrency, 4 * Environment.ProcessorCount);
            say($"registering {accounts.Length} learners ({registering} at a time, from {clients.Length} source address(es))");
            var registerWatch = Stopwatch.StartNew();
            using (var registerTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                registerTimeout.CancelAfter(options.RegistrationTimeout);
                await Parallel.ForEachAsync(Enumerable.Range(0, accounts.Length),
                    new ParallelOptions { MaxDegreeOfParallelism = registering, CancellationToken = registerTimeout.Token },
                    async (i, token) =>
                    {
                        var app = new MobileApp(clients[i % clients.Length], registration);
                        try
                        {
                            await app.RegisterAsync(accounts[i].Email, accounts[i].Password, accounts[i].DisplayName, token);
                        }
                        catch (Exception e) when (e is ApiException or HttpRequestException)
                        {
                            // Counted by the recorder; that learner's sign-in will fail and be counted too.
                        }
                    });
            }

            registerWatch.Stop();
            say($"registered in {registerWatch.Elapsed.TotalSeconds:F1} s; running the flow for up to {options.Duration.TotalSeconds:F0} s");

            var recorder = new Recorder();
            var completed = 0;
            var failed = new ConcurrentDictionary<string, int>();
            var completionTimes = new ConcurrentBag<TimeSpan>();
            var watch = Stopwatch.StartNew();
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(options.Duration);
            var started = 0;
            try
            {
                await Parallel.ForEachAsync(Enumerable.Range(0, accounts.Length),
                    new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = deadline.Token },
                    async (i, token) =>
                    {
                        Interlocked.Increment(ref started);
                        var app = new MobileApp(clients[i % clients.Length], recorder);
                        try
                        {
                            await LearnerFlow.RunAsync(app, accounts[i], new FlowOptions { ExamId = options.ExamId, Register = false }, token);
                            Interlocked.Increment(ref completed);
                            completionTimes.Add(watch.Elapsed);
                        }
                        catch (OperationCanceledException) when (token.IsCancellationRequested)
                        {
                            // The run's time is up: unfinished, not an error.
                        }
                        catch (Exception e)
                        {
                            var why = e is ApiException api ? $"{api.Step} {api.Status} {api.Code}" : $"{e.GetType().Name}: {e.Message}";
                            failed.AddOrUpdate(why, 1, (_, n) => n + 1);
                        }
                    });
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
            {
            }

            watch.Stop();
            var lastCompletion = completionTimes.IsEmpty ? watch.Elapsed : completionTimes.Max();
            return new LoadReport(
                options.Learners, completed, Volatile.Read(ref started), new Dictionary<string, int>(failed), watch.Elapsed, lastCompletion,
                registerWatch.Elapsed, clients.Length, options.Concurrency, recorder.Summaries(), registration.Summaries(),
                recorder.Errors(), registration.Errors(), registration.Retries().Concat(recorder.Retries()).ToDictionary());
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>
    /// The bare baseline: <paramref name="requests"/> GETs of the LearningService's <c>/health/live</c> through the
    /// gateway (routing, forwarding, the WebApi's pipeline; no token, database or Redis), <paramref name="concurrency"/> at
    /// a time, over the same kind of connections as the flow.
    /// </summary>
    public static async Task<StepSummary> BaselineAsync(Uri gateway, int requests, int concurrency, int sources, CancellationToken ct = default)
    {
        LoopbackOnly.Require(gateway.ToString());
        if (requests is < 1 or > 1_000_000 || concurrency is < 1 or > LoadOptions.MaxConcurrency)
        {
            throw new ArgumentException("--requests must be 1..1000000 and --concurrency 1..1000");
        }

        var clients = Clients(new LoadOptions { Gateway = gateway, Learners = sources * 40, SourceAddresses = sources });
        var recorder = new Recorder();
        try
        {
            var watch = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, requests),
                new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct },
                async (i, token) =>
                {
                    var call = Stopwatch.StartNew();
                    using var response = await clients[i % clients.Length].GetAsync("api/learning/health/live", token);
                    await response.Content.ReadAsByteArrayAsync(token);
                    recorder.Completed(new StepOutcome(StepNames.Baseline, call.Elapsed, (int)response.StatusCode, null, 0));
                });
            watch.Stop();
            var summary = recorder.Summaries().Single();
            return summary with { Wall = watch.Elapsed };
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>One HttpClient per source address, connections bound to it (any of 127.0.0.0/8 is this machine).</summary>
    private static HttpClient[] Clients(LoadOptions options)
    {
        var gateway = options.Gateway;
        var sources = options.SourceAddresses switch
        {
            0 => Math.Clamp((options.Learners + 39) / 40, 1, 200),
            var n => n,
        };
        var ipv4 = IPAddress.TryParse(gateway.Host, out var host) && host.AddressFamily == AddressFamily.InterNetwork;
        if (!ipv4 || sources == 1)
        {
            return [NewClient(gateway, null)];
        }

        return [.. Enumerable.Range(0, sources).Select(i => NewClient(gateway, IPAddress.Parse($"127.0.0.{2 + i}")))];
    }

    private static HttpClient NewClient(Uri gateway, IPAddress? source)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = 256,
        };
        if (source is not null)
        {
            handler.ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, token);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        return new HttpClient(handler) { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) };
    }
}

/// <summary>Latencies of one step: how many calls, how many refused, p50 and p99 (nearest rank), over what wall time.</summary>
public sealed record StepSummary(string Step, int Calls, int Failed, int Retries, double P50Ms, double P99Ms, double MaxMs, TimeSpan Wall);

/// <summary>Collects every step's outcome from many learners at once.</summary>
public sealed class Recorder : IStepObserver
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<StepOutcome>> _steps = new();

    public void Completed(StepOutcome outcome) => _steps.GetOrAdd(outcome.Step, _ => new()).Enqueue(outcome);

    public IReadOnlyList<StepSummary> Summaries() =>
    [
        .. _steps.OrderBy(s => Array.IndexOf(StepNames.Ordered, s.Key)).Select(s =>
        {
            var times = s.Value.Select(o => o.Elapsed.TotalMilliseconds).Order().ToArray();
            return new StepSummary(s.Key, times.Length, s.Value.Count(o => !o.Succeeded), s.Value.Sum(o => o.Retries),
                Percentile(times, 0.50), Percentile(times, 0.99), times.Length == 0 ? 0 : times[^1], TimeSpan.Zero);
        }),
    ];

    /// <summary>Repeats by "step status code" of the answer that was repeated (or "step connection").</summary>
    public IReadOnlyDictionary<string, int> Retries() =>
        _steps.Values.SelectMany(q => q).SelectMany(o => (o.RetriedFor ?? []).Select(cause => $"{o.Step} {cause}"))
            .GroupBy(k => k)
            .ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Refused calls by "step status code".</summary>
    public IReadOnlyDictionary<string, int> Errors() =>
        _steps.Values.SelectMany(q => q).Where(o => !o.Succeeded)
            .GroupBy(o => $"{o.Step} {o.Status} {o.Code ?? "-"}")
            .ToDictionary(g => g.Key, g => g.Count());

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

public sealed record LoadReport(
    int Learners, int Completed, int Started, IReadOnlyDictionary<string, int> FailedFlows, TimeSpan Elapsed, TimeSpan LastCompletion,
    TimeSpan Registration, int SourceAddresses, int Concurrency, IReadOnlyList<StepSummary> Steps, IReadOnlyList<StepSummary> RegistrationSteps,
    IReadOnlyDictionary<string, int> Errors, IReadOnlyDictionary<string, int> RegistrationErrors, IReadOnlyDictionary<string, int> RetriedFor)
{
    /// <summary>Learners through the whole flow per minute, over the time until the last one finished.</summary>
    public double CompletedPerMinute => LastCompletion.TotalMinutes <= 0 ? 0 : Completed / LastCompletion.TotalMinutes;

    /// <summary>HTTP requests of the flow (the <c>questions</c> step is the rest of the start's answer, not a request).</summary>
    public int Requests => Steps.Where(s => s.Step != StepNames.Questions).Sum(s => s.Calls);

    public string Format()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"learners: {Completed} of {Learners} completed the flow ({Started} started; {FailedFlows.Values.Sum()} failed; concurrency {Concurrency}; {SourceAddresses} source address(es))");
        text.AppendLine(c, $"completed per minute: {CompletedPerMinute:F1} (last completion at {LastCompletion.TotalSeconds:F1} s; run {Elapsed.TotalSeconds:F1} s)");
        text.AppendLine(c, $"requests: {Requests} in the flow, {Requests / Math.Max(LastCompletion.TotalSeconds, 0.001):F1}/s; registration beforehand: {Registration.TotalSeconds:F1} s");
        text.AppendLine(c, $"{"step",-12} {"calls",7} {"failed",7} {"retries",8} {"p50 ms",9} {"p99 ms",9} {"max ms",9}");
        foreach (var s in RegistrationSteps.Concat(Steps))
        {
            text.AppendLine(c, $"{s.Step,-12} {s.Calls,7} {s.Failed,7} {s.Retries,8} {s.P50Ms,9:F1} {s.P99Ms,9:F1} {s.MaxMs,9:F1}");
        }

        var errors = RegistrationErrors.Concat(Errors).ToList();
        text.AppendLine(errors.Count == 0 ? "errors: none" : "errors (step status code: count):");
        foreach (var (key, count) in errors.OrderByDescending(e => e.Value))
        {
            text.AppendLine(c, $"  {key}: {count}");
        }

        foreach (var (why, count) in FailedFlows.OrderByDescending(e => e.Value))
        {
            text.AppendLine(c, $"  flow failed at {why}: {count}");
        }

        text.AppendLine(RetriedFor.Count == 0 ? "retries: none" : "retried after (step status code: count):");
        foreach (var (key, count) in RetriedFor.OrderByDescending(e => e.Value))
        {
            text.AppendLine(c, $"  {key}: {count}");
        }

        return text.ToString();
    }
}
