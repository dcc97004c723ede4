using System.Net;
using LearningPlatform.TestSupport;
using LearningPlatform.WebApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LearningPlatform.EndToEndTests;

/// <summary>Counts the requests an instance received and holds <c>…/app/slow</c> for a while (an in-flight request to stop under).</summary>
internal sealed class RequestCounter : IStartupFilter
{
    public const string SlowPath = "/api/learning/app/slow";

    public int Received;
    public int SlowStarted;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (http, inner) =>
        {
            Interlocked.Increment(ref Received);
            if (http.Request.Path == SlowPath)
            {
                Interlocked.Increment(ref SlowStarted);
                await Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None);
                await http.Response.WriteAsync("slow and done");
                return;
            }

            await inner(http);
        });
        next(app);
    };
}

/// <summary>
/// Two LearningService instances (one database, one Redis) behind a gateway on loopback; one is stopped while clients
/// keep calling. Its readiness turns 503 first, the gateway routes around it (active checks; a failed forward of a safe
/// request is tried on the other), its in-flight requests finish, and no client sees a 5xx or a broken connection.
/// </summary>
public class InstanceStopTests : IAsyncLifetime
{
    private readonly KestrelLearningApi _first = new();
    private readonly RequestCounter _secondCounter = new();
    private WebApplicationFactory<WebApiHost> _second = null!;
    private Uri _secondAddress = null!;
    private GatewayFactory _gateway = null!;
    private IdentityHostFactory _identity = null!;

    public async Task InitializeAsync()
    {
        _identity = await SharedIdentity.GetAsync();
        await _first.InitializeAsync();
        var second = _first.AnotherInstanceOnLoopback(services => services.AddSingleton<IStartupFilter>(_secondCounter),
            new KeyValuePair<string, string>("Shutdown:DrainDelay", "00:00:02"));
        _second = second;
        _secondAddress = second.KestrelAddress;
        _gateway = new GatewayFactory(_identity, _first.KestrelAddress!, TestEnvironment.Redis,
            TestEnvironment.UniqueName("lp:stop") + ":", appLimit: 100_000, tokenLimit: 100, secondLearningApi: _secondAddress);
        _gateway.Settings["ReverseProxy:Clusters:learning:HealthCheck:Active:Interval"] = "00:00:00.250";
        _gateway.Settings["ReverseProxy:Clusters:learning:Metadata:ConsecutiveFailuresHealthPolicy.Threshold"] = "1";
        _gateway.StartOnLoopback();
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _second.DisposeAsync();
        await _first.DisposeAsync();
    }

    [Fact]
    public async Task Stopping_one_of_two_instances_under_load_costs_no_client_a_5xx()
    {
        var exam = await _first.AddExamAsync(questions: 1);
        var tokens = await _identity.NewLearnerAsync();
        using var client = _gateway.Client(tokens.AccessToken);
        using var direct = new HttpClient { BaseAddress = _secondAddress };

        (await direct.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK, "the second instance listens on its port");
        _secondCounter.Received.Should().BeGreaterThan(0, "its requests are counted");
        var failures = new List<string>();
        var answered = 0;
        using var stop = new CancellationTokenSource();
        async Task LoadAsync()
        {
            // Bounded: at most 2000 calls per client, and the test stops them.
            for (var i = 0; i < 2000 && !stop.IsCancellationRequested; i++)
            {
                try
                {
                    var response = await client.GetAsync($"{ApiCalls.App}/exams/{exam.Id}");
                    if ((int)response.StatusCode >= 500)
                    {
                        var body = await response.Content.ReadAsStringAsync();
                        lock (failures)
                        {
                            failures.Add($"{(int)response.StatusCode} {body}");
                        }
                    }

                    Interlocked.Increment(ref answered);
                }
                catch (HttpRequestException ex)
                {
                    lock (failures)
                    {
                        failures.Add(ex.Message);
                    }
                }
            }
        }

        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(LoadAsync)).ToList();
        await RedisServerProcess.WaitUntilAsync(() => Task.FromResult(_secondCounter.Received > 20 || failures.Count > 0), TimeSpan.FromSeconds(30),
            $"the second instance's share of the load (answered {answered}, second received {_secondCounter.Received})");
        failures.Should().BeEmpty("nothing fails before the stop");

        // A request in flight on the instance when it is told to stop.
        var slow = direct.GetAsync(RequestCounter.SlowPath);
        await RedisServerProcess.WaitUntilAsync(() => Task.FromResult(_secondCounter.SlowStarted == 1), TimeSpan.FromSeconds(30), "the slow request");
        var host = _second.Services.GetRequiredService<IHost>();
        var stopping = host.StopAsync(TimeSpan.FromSeconds(30));

        (await direct.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable,
            "readiness turns unhealthy as soon as the instance starts stopping, while it still serves");
        var receivedAtStop = _secondCounter.Received;
        await stopping;
        var slowResponse = await slow;
        slowResponse.StatusCode.Should().Be(HttpStatusCode.OK, "the in-flight request finished");
        (await slowResponse.Content.ReadAsStringAsync()).Should().Be("slow and done");

        // The load goes on a moment against the one instance left.
        var before = answered;
        await RedisServerProcess.WaitUntilAsync(() => Task.FromResult(answered > before + 40), TimeSpan.FromSeconds(30), "load after the stop");
        await stop.CancelAsync();
        await Task.WhenAll(load);

        failures.Should().BeEmpty("no client sees a 5xx or a broken connection while an instance stops");
        receivedAtStop.Should().BeGreaterThan(20, "both instances served the load before the stop");
    }
}
