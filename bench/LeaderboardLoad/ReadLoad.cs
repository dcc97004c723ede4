using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace LearningPlatform.LeaderboardLoad;

/// <summary>
/// K workers, each on its own keep-alive connection, send GET requests in a closed loop (no think time) to the URL
/// template with <c>{offset}</c> replaced by a uniformly random offset in 0..offset-max. A request counts when it was
/// sent inside the measured window; it is good only as a 200 whose body contains <c>--expect</c>.
/// </summary>
public static class ReadLoad
{
    public static async Task<int> RunAsync(Options options)
    {
        var template = options.Text("url");
        var offsetMax = options.Number("offset-max", 0, 0, 100_000_000);
        var tokenFile = options.TextOrNull("token-file");
        var label = options.TextOrNull("label") ?? "load";
        var workers = (int)options.Number("workers", 32, 1, 512);
        var warmup = (int)options.Number("warmup", 10, 0, 300);
        var duration = (int)options.Number("duration", 20, 1, 600);
        var requestTimeout = (int)options.Number("request-timeout", 10, 1, 120);
        var expect = options.TextOrNull("expect");
        var serverPid = (int)options.Number("server-pid", 0, 0, int.MaxValue);
        var redisPid = (int)options.Number("redis-pid", 0, 0, int.MaxValue);
        var clockTicks = options.Number("clk-tck", 100, 1, 100_000);
        options.EnsureAllRead();

        var baseUri = new Uri(template.Replace("{offset}", "0", StringComparison.Ordinal));
        if (!baseUri.IsLoopback)
        {
            throw new UsageException("--url must be a loopback address");
        }

        AuthenticationHeaderValue? authorization = tokenFile is null
            ? null
            : new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(tokenFile)).Trim());

        using var http = new HttpClient(new SocketsHttpHandler
        {
            // One connection per worker: no request waits for a free connection in the client.
            MaxConnectionsPerServer = workers + 8,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            Timeout = TimeSpan.FromSeconds(requestTimeout),
        };

        // Bounded: warm-up + window + a margin for the last requests to finish.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(warmup + duration + requestTimeout + 30));
        var run = new Run(http, template, offsetMax, authorization, expect, workers);
        var processes = new ProcessCpu(serverPid, redisPid, clockTicks);
        var origin = Stopwatch.GetTimestamp();
        var tasks = Enumerable.Range(0, workers).Select(w => Task.Run(() => run.WorkAsync(w, deadline.Token))).ToArray();
        CpuSample start, end;
        long windowStart, windowEnd;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(warmup), deadline.Token);
            start = processes.Take();
            windowStart = Stopwatch.GetTimestamp();
            await Task.Delay(TimeSpan.FromSeconds(duration), deadline.Token);
            end = processes.Take();
            windowEnd = Stopwatch.GetTimestamp();
        }
        finally
        {
            run.Stop();
        }

        await Task.WhenAll(tasks);

        var inv = CultureInfo.InvariantCulture;
        var records = run.Records.SelectMany(r => r).ToList();
        var inWindow = records.Where(r => r.Start >= windowStart && r.Start < windowEnd).ToList();
        var latencies = inWindow.Select(r => Stopwatch.GetElapsedTime(r.Start, r.End).TotalMilliseconds).Order().ToArray();
        var errors = inWindow.Where(r => r.Error is not null).GroupBy(r => r.Error!).OrderBy(g => g.Key).ToList();
        var good = inWindow.Where(r => r.Error is null).ToList();
        var seconds = Stopwatch.GetElapsedTime(windowStart, windowEnd).TotalSeconds;
        var requests = latencies.Length;
        double Percentile(double p) => requests == 0 ? double.NaN
            : latencies[Math.Clamp((int)Math.Ceiling(p / 100 * requests) - 1, 0, requests - 1)];

        Console.WriteLine(string.Create(inv,
            $"RESULT label={label} requests={requests} duration_s={seconds:F2} rps={requests / seconds:F1} " +
            $"p50_ms={Percentile(50):F2} p90_ms={Percentile(90):F2} p99_ms={Percentile(99):F2} max_ms={Percentile(100):F2} " +
            $"errors={errors.Sum(g => g.Count())} bytes_per_resp={(good.Count > 0 ? good.Average(r => r.Bytes) : 0):F0} " +
            $"workers={workers} warmup_s={warmup}"));

        var cpu = CpuSample.Between(start, end);
        var perRequest = requests > 0 ? 1000.0 / requests : 0;
        Console.WriteLine(string.Create(inv,
            $"CPU label={label} busy_pct={cpu.BusyPercent:F1} iowait_pct={cpu.IoWaitPercent:F1} " +
            $"server_pct={cpu.PercentOfMachine(cpu.Server):F1} redis_pct={cpu.PercentOfMachine(cpu.Redis):F1} " +
            $"driver_pct={cpu.PercentOfMachine(cpu.Driver):F1} irq_pct={cpu.IrqPercent:F1} " +
            $"rest_pct={cpu.BusyPercent - cpu.IrqPercent - cpu.PercentOfMachine(cpu.Server + cpu.Redis + cpu.Driver):F1} " +
            $"server_cpu_ms_per_req={cpu.Server * perRequest:F3} redis_cpu_ms_per_req={cpu.Redis * perRequest:F3} " +
            $"driver_cpu_ms_per_req={cpu.Driver * perRequest:F3}"));

        var perSecond = new int[(int)Math.Ceiling(Stopwatch.GetElapsedTime(origin, windowEnd).TotalSeconds)];
        foreach (var r in records)
        {
            var second = (int)Stopwatch.GetElapsedTime(origin, r.End).TotalSeconds;
            if (second < perSecond.Length)
            {
                perSecond[second]++;
            }
        }

        Console.WriteLine($"TIMELINE label={label} requests per second since the start ({warmup} s warm-up): {string.Join(' ', perSecond)}");
        foreach (var g in errors)
        {
            Console.WriteLine($"errors: label={label} {g.Key} x{g.Count()}");
        }

        return 0;
    }

    private readonly record struct Record(long Start, long End, string? Error, long Bytes);

    private sealed class Run(
        HttpClient http, string template, long offsetMax, AuthenticationHeaderValue? authorization, string? expect, int workers)
    {
        private volatile bool _stop;
        private int _errorSamples;

        public List<Record>[] Records { get; } = [.. Enumerable.Range(0, workers).Select(_ => new List<Record>(65536))];

        public void Stop() => _stop = true;

        public async Task WorkAsync(int worker, CancellationToken ct)
        {
            var records = Records[worker];
            while (!_stop && !ct.IsCancellationRequested)
            {
                var offset = Random.Shared.NextInt64(0, offsetMax + 1);
                using var request = new HttpRequestMessage(HttpMethod.Get,
                    template.Replace("{offset}", offset.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
                request.Headers.Authorization = authorization;
                var started = Stopwatch.GetTimestamp();
                string? error;
                long bytes = 0;
                try
                {
                    using var response = await http.SendAsync(request, ct);
                    var body = await response.Content.ReadAsStringAsync(ct);
                    bytes = body.Length;
                    error = response.StatusCode != HttpStatusCode.OK ? $"HTTP_{(int)response.StatusCode}"
                        : expect is not null && !body.Contains(expect, StringComparison.Ordinal) ? "unexpected_body"
                        : null;
                    if (error is not null && Interlocked.Increment(ref _errorSamples) <= 5)
                    {
                        Console.Error.WriteLine($"LeaderboardLoad: {error} at offset {offset}: {body[..Math.Min(body.Length, 300)]}");
                    }
                }
                catch (HttpRequestException ex)
                {
                    error = "connection_error";
                    if (Interlocked.Increment(ref _errorSamples) <= 5)
                    {
                        Console.Error.WriteLine($"LeaderboardLoad: {ex.Message}");
                    }
                }
                catch (TaskCanceledException) when (!ct.IsCancellationRequested)
                {
                    error = "timeout";
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }

                records.Add(new Record(started, Stopwatch.GetTimestamp(), error, bytes));
            }
        }
    }
}
