using System.Diagnostics;
using System.Net;
using LearningPlatform.TestSupport;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace LearningPlatform.EndToEndTests;

/// <summary>
/// Introspection through the gateway, with a relay in front of the real token server's introspection endpoint that
/// counts the gateway's calls and can hold them, hang, or refuse.
/// </summary>
[Trait("Category", "Redis")] // also run on a Redis Cluster (scripts/test.sh)
public class IntrospectionTests(Platform platform) : IClassFixture<Platform>
{
    [Fact]
    public async Task With_the_token_server_silent_the_breaker_opens_and_requests_answer_503_at_once()
    {
        await using var relay = await IntrospectionRelay.StartAsync(TokenServerIntrospection, RelayBehaviour.Silent);
        await using var gateway = NewGateway(relay);
        var client = gateway.Client((await platform.Identity.NewLearnerAsync()).AccessToken);
        var url = $"{ApiCalls.App}/exams/{Guid.NewGuid()}/result";

        // Each call waits for the introspection timeout (503 all the same) until enough have failed to open the breaker.
        var slow = 0;
        var breakerOpened = false;
        for (var request = 0; request < 12 && !breakerOpened; request++)
        {
            var timer = Stopwatch.StartNew();
            var response = await client.GetAsync(url);
            timer.Stop();
            await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, "dependency.unavailable");
            response.Headers.RetryAfter.Should().NotBeNull();
            breakerOpened = timer.Elapsed < TimeSpan.FromSeconds(1);
            slow += breakerOpened ? 0 : 1;
        }

        breakerOpened.Should().BeTrue("the breaker opens after repeated timeouts");
        slow.Should().BePositive("before it opens, calls wait for the token server");
        var calls = relay.Calls;
        calls.Should().BeLessThanOrEqualTo(slow, "the request answered at once never reached the token server");

        // While the breaker is open, every request answers 503 within a second and the token server is left alone.
        for (var request = 0; request < 5; request++)
        {
            var timer = Stopwatch.StartNew();
            var response = await client.GetAsync(url);
            timer.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1));
            await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, "dependency.unavailable");
        }

        relay.Calls.Should().Be(calls);
        gateway.Logs.Entries.Should().Contain(e => e.Text.Contains("answered 503 dependency.unavailable: token server introspection unavailable"))
            .And.Contain(e => e.Text.Contains("OnCircuitOpened"))
            .And.NotContain(e => e.Level >= LogLevel.Error, "another service's outage is a warning");

        // Once the token server answers again, a trial call after the break closes the breaker.
        relay.Behaviour = RelayBehaviour.Forward;
        await RedisServerProcess.WaitUntilAsync(
            async () => (await client.GetAsync(url)).StatusCode == HttpStatusCode.NotFound,
            TimeSpan.FromSeconds(30), "introspection to work again after the break");
    }

    [Fact]
    public async Task A_4xx_from_introspection_means_inactive_and_never_opens_the_breaker()
    {
        await using var relay = await IntrospectionRelay.StartAsync(TokenServerIntrospection, RelayBehaviour.Refuse);
        await using var gateway = NewGateway(relay);
        var url = $"{ApiCalls.App}/exams/{Guid.NewGuid()}/result";

        // Tokens with the server's signature that it never issued: a new cache key each, so each is asked about.
        for (var request = 0; request < 8; request++)
        {
            var token = SharedIdentity.MintWithServerKey(platform.Identity, Guid.NewGuid().ToString(), "learning.app", "learner");
            await (await gateway.Client(token).GetAsync(url)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "auth.unauthenticated");
        }

        relay.Calls.Should().Be(8, "a refusal is an answer: the breaker stays closed");
        relay.Behaviour = RelayBehaviour.Forward;
        var learner = await platform.Identity.NewLearnerAsync();
        (await gateway.Client(learner.AccessToken).GetAsync(url)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Many_concurrent_requests_with_one_new_token_cause_one_introspection_call_for_every_instance()
    {
        const int concurrent = 20;
        await using var relay = await IntrospectionRelay.StartAsync(TokenServerIntrospection, RelayBehaviour.Hold);
        var prefix = TestEnvironment.UniqueName("lp:gi") + ":";
        await using var gateway = NewGateway(relay, prefix);
        await using var other = NewGateway(relay, prefix);
        var token = (await platform.Identity.NewLearnerAsync()).AccessToken;
        var client = gateway.Client(token);
        // Both instances up and connected to Redis (a first connection can outlast the cache's 250 ms bound: a miss).
        // A new instance answers 503 until its Redis connection is up, which on a loaded machine takes a moment.
        foreach (var instance in new[] { gateway, other })
        {
            await RedisServerProcess.WaitUntilAsync(
                async () => (await instance.Client().GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK,
                TimeSpan.FromSeconds(30), "the gateway instance to be ready");
        }
        var url = $"{ApiCalls.App}/exams/{Guid.NewGuid()}/result";

        // The relay holds the first call until every request has passed the offline JWT checks (the handler logs that
        // just before it asks for introspection): all of them are then waiting for the one answer.
        var requests = Enumerable.Range(0, concurrent).Select(_ => client.GetAsync(url)).ToList();
        await RedisServerProcess.WaitUntilAsync(
            () => relay.Calls >= 1 && gateway.Logs.Entries.Count(e => e.Text.Contains("Successfully validated the token")) >= concurrent,
            TimeSpan.FromSeconds(30), $"{concurrent} requests to wait for introspection");
        relay.Release();
        var responses = await Task.WhenAll(requests);

        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.NotFound, "every request was let through to the service");
        relay.Calls.Should().Be(1);

        // The answer is in Redis under lp:cache:*, so another gateway instance does not ask again.
        using var redis = await ConnectionMultiplexer.ConnectAsync(TestEnvironment.Redis);
        await RedisServerProcess.WaitUntilAsync(
            // Every primary: on a Redis Cluster the key sits on one of three.
            () => redis.GetServers().Where(s => !s.IsReplica).Sum(s => s.Keys(pattern: prefix + "cache:introspect:*").Count()) == 1,
            TimeSpan.FromSeconds(10), "the answer to be written to Redis");
        (await other.Client(token).GetAsync(url)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        relay.Calls.Should().Be(1);
    }

    private Uri TokenServerIntrospection => new(platform.Identity.BaseAddress, "api/auth/connect/introspect");

    private GatewayFactory NewGateway(IntrospectionRelay relay, string? keyPrefix = null)
    {
        var gateway = new GatewayFactory(platform.Identity, platform.Api.KestrelAddress!, TestEnvironment.Redis,
            keyPrefix ?? TestEnvironment.UniqueName("lp:gi") + ":", appLimit: 1000, tokenLimit: 1000);
        gateway.Settings["Gateway:Introspection:Endpoint"] = relay.Endpoint.ToString();
        gateway.Settings["Gateway:Introspection:CacheSeconds"] = "30";
        gateway.Settings["Logging:LogLevel:Microsoft.AspNetCore.Authentication.JwtBearer"] = "Debug";
        return gateway;
    }
}
