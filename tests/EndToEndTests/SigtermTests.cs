using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using LearningPlatform.TestSupport;

namespace LearningPlatform.EndToEndTests;

/// <summary>
/// The LearningService as a real process stopped by a real SIGTERM under load (ShutdownTests and InstanceStopTests stop
/// in-process hosts with StopAsync, which is what the signal leads to; this checks the signal gets there): readiness
/// turns 503 at once while requests are still answered, the process then exits 0 on its own, and no request sent while
/// it was ready failed.
/// </summary>
public sealed class SigtermTests : IAsyncLifetime
{
    private readonly KestrelLearningApi _api = new();

    public Task InitializeAsync() => _api.InitializeAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task A_sigterm_under_load_turns_readiness_503_first_keeps_answering_then_exits_0_and_no_ready_request_fails()
    {
        var token = (await _api.Identity.NewLearnerAsync()).AccessToken;
        var port = TestEnvironment.FreePort();
        var output = new ConcurrentQueue<string>();
        using var process = StartWebApi(port, output);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(20) };
            await RedisServerProcess.WaitUntilAsync(async () => await StatusOrNullAsync(http, "/health/ready") == HttpStatusCode.OK,
                TimeSpan.FromSeconds(60), $"the WebApi process to be ready: {string.Join('\n', output)}");

            // Load: 8 callers, each stopping once it has seen readiness go unhealthy (as a load balancer stops sending).
            var notReady = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var failures = new ConcurrentQueue<string>();
            var answered = 0;
            var deadline = Stopwatch.StartNew();
            var callers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                for (var i = 0; i < 100_000 && !notReady.Task.IsCompleted && deadline.Elapsed < TimeSpan.FromSeconds(60); i++)
                {
                    try
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Get, $"{ApiCalls.App}/plans");
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                        using var response = await http.SendAsync(request);
                        await response.Content.ReadAsStringAsync();
                        if (response.StatusCode != HttpStatusCode.OK)
                        {
                            failures.Enqueue($"{(int)response.StatusCode}");
                        }

                        Interlocked.Increment(ref answered);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        failures.Enqueue(e.Message);
                    }
                }
            })).ToList();
            await RedisServerProcess.WaitUntilAsync(() => Volatile.Read(ref answered) > 50, TimeSpan.FromSeconds(30), "load before the signal");

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()]))
            {
                await kill.WaitForExitAsync();
                kill.ExitCode.Should().Be(0);
            }

            // Readiness: 503 while the process still answers (the drain delay), seen by polling.
            await RedisServerProcess.WaitUntilAsync(async () => await StatusOrNullAsync(http, "/health/ready") == HttpStatusCode.ServiceUnavailable,
                TimeSpan.FromSeconds(10), "readiness to answer 503 after SIGTERM");
            using (var request = new HttpRequestMessage(HttpMethod.Get, $"{ApiCalls.App}/plans"))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                (await http.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.OK, "a draining instance still serves");
            }

            notReady.SetResult();
            await Task.WhenAll(callers);

            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(exit.Token);
            process.ExitCode.Should().Be(0, string.Join('\n', output));
            failures.Should().BeEmpty("every request sent while the instance was ready or draining is answered");
            answered.Should().BeGreaterThan(50);
            output.Should().Contain(l => l.Contains("not ready, still serving", StringComparison.Ordinal), "the drain is logged");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private Process StartWebApi(int port, ConcurrentQueue<string> output)
    {
        // The WebApi's own build output (the test's configuration), run as the image runs it: `dotnet <host>.dll`.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = Path.Combine(TestEnvironment.RepositoryRoot(), "src", "WebApi", "bin", configuration, "net10.0", "LearningPlatform.WebApi.dll");
        File.Exists(dll).Should().BeTrue(dll);
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ConnectionStrings__LearningDb"] = _api.Database.ConnectionString,
            ["Redis__Configuration"] = TestEnvironment.Redis,
            ["Redis__KeyPrefix"] = _api.RedisPrefix,
            ["Auth__Authority"] = _api.Identity.Issuer,
            ["Auth__RequireHttpsMetadata"] = "false",
            ["Database__MigrateOnStartup"] = "false",
            ["Seed__Demo"] = "false",
            ["Shutdown__DrainDelay"] = "00:00:02",
            ["Ranking__RetryDelay"] = "7.00:00:00",
        };
        foreach (var (key, value) in TestEnvironment.S3Settings(_api.Bucket))
        {
            settings[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(inherited);
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<HttpStatusCode?> StatusOrNullAsync(HttpClient http, string path)
    {
        try
        {
            using var response = await http.GetAsync(path);
            return response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }
}
