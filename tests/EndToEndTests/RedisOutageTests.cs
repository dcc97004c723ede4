using System.Diagnostics;
using System.Net;
using LearningPlatform.TestSupport;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.EndToEndTests;

public class GatewayRedisOutageTests : IAsyncLifetime
{
    private readonly KestrelLearningApi _api = new();
    private RedisServerProcess _redis = null!;
    private GatewayFactory _gateway = null!;
    private IdentityHostFactory _identity = null!;

    public async Task InitializeAsync()
    {
        _identity = await SharedIdentity.GetAsync();
        await _api.InitializeAsync();
        _redis = await RedisServerProcess.StartNewAsync();
        _gateway = new GatewayFactory(_identity, _api.KestrelAddress!, _redis.Configuration, "lp:", appLimit: 3, tokenLimit: 100);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _redis.DisposeAsync();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task With_Redis_down_the_gateway_answers_promptly_and_keeps_limiting_per_instance()
    {
        var learner = await _identity.NewLearnerAsync();
        var client = _gateway.Client(learner.AccessToken);
        var url = $"{ApiCalls.App}/exams/{Guid.NewGuid()}/result";
        (await client.GetAsync(url)).StatusCode.Should().Be(HttpStatusCode.NotFound);

        await _redis.StopAsync();
        var timer = Stopwatch.StartNew();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await client.GetAsync(url)).StatusCode);
        }

        timer.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15), "every Redis call is bounded");
        statuses.Should().NotContain(HttpStatusCode.InternalServerError);
        statuses.Take(3).Should().OnlyContain(s => s == HttpStatusCode.NotFound, "the per-instance fallback allows the same limit");
        statuses.Skip(3).Should().OnlyContain(s => s == HttpStatusCode.TooManyRequests, "and still enforces it");
    }

    [Fact]
    public async Task With_Redis_down_introspection_still_answers_and_the_cache_logs_one_warning_line_per_call()
    {
        await _redis.StopAsync();
        var learner = await _identity.NewLearnerAsync();

        var timer = Stopwatch.StartNew();
        var response = await _gateway.Client(learner.AccessToken).GetAsync($"{ApiCalls.App}/exams/{Guid.NewGuid()}/result");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound, "the token server vouches for the token without the cache");
        timer.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        _gateway.Logs.Entries.Should().Contain(e => e.Category.EndsWith("BoundedRedisCache") && e.Level == LogLevel.Warning);
        _gateway.Logs.Entries.Should().NotContain(e => e.Level >= LogLevel.Error, "a cache outage is not an error");
    }

    [Fact]
    public async Task The_gateways_readiness_follows_its_Redis_and_liveness_does_not()
    {
        var client = _gateway.Client();
        (await client.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);

        await _redis.StopAsync();
        await RedisServerProcess.WaitUntilAsync(
            async () => (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable,
            TimeSpan.FromSeconds(20), "readiness to report Redis down");
        (await client.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);

        await _redis.StartAsync();
        await RedisServerProcess.WaitUntilAsync(
            async () => (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30), "readiness to come back with Redis");
    }
}
