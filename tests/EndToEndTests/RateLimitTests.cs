using System.Net;
using LearningPlatform.TestSupport;
using StackExchange.Redis;

namespace LearningPlatform.EndToEndTests;

[Trait("Category", "Redis")] // also run on a Redis Cluster (scripts/test.sh)
public class RateLimitTests(Platform platform) : IClassFixture<Platform>
{
    [Fact]
    public async Task The_app_limit_is_shared_by_two_gateway_instances_and_is_per_learner()
    {
        var a = await platform.Identity.NewLearnerAsync();
        var b = await platform.Identity.NewLearnerAsync();
        var viaA = platform.GatewayA.Client(a.AccessToken);
        var viaB = platform.GatewayB.Client(a.AccessToken);
        var url = $"{ApiCalls.App}/exams/{Guid.NewGuid()}/result";

        var underLimit = new List<HttpResponseMessage>();
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < Platform.AppLimit; i++)
        {
            underLimit.Add(await (i % 2 == 0 ? viaA : viaB).GetAsync(url));
        }

        underLimit.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.NotFound, "under the shared limit nothing is refused");
        underLimit[0].Headers.GetValues("RateLimit-Policy").Single().Should().Be($"\"app\";q={Platform.AppLimit};w=60");
        underLimit[0].Headers.GetValues("RateLimit").Single().Should().StartWith("\"app\";r=");

        // GCRA gives one permit back every window ÷ limit (1.5 s here): a slow machine may have earned a few back while
        // sending the requests above. Instances that did not share the limit would let ~AppLimit ÷ 2 more through.
        HttpResponseMessage refused;
        var earnedBack = 0;
        while ((refused = await viaB.GetAsync(url)).StatusCode == HttpStatusCode.NotFound && earnedBack < Platform.AppLimit)
        {
            earnedBack++;
        }

        earnedBack.Should().BeLessThanOrEqualTo((int)(elapsed.Elapsed / (TimeSpan.FromSeconds(60) / Platform.AppLimit)) + 1,
            "both instances draw on one shared limit");
        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        var retryAfter = refused.Headers.GetValues("Retry-After").Single();
        int.TryParse(retryAfter, out var seconds).Should().BeTrue("Retry-After is an integer number of seconds");
        seconds.Should().BeInRange(1, 60);
        refused.Headers.GetValues("RateLimit").Single().Should().StartWith("\"app\";r=0;t=");
        await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limit.exceeded");

        var redis = (await ConnectionMultiplexer.ConnectAsync(TestEnvironment.Redis)).GetDatabase();
        (await redis.KeyExistsAsync($"{platform.KeyPrefix}rl:app:sub:{a.Subject}")).Should().BeTrue();

        (await platform.GatewayA.Client(b.AccessToken).GetAsync(url)).StatusCode.Should().Be(HttpStatusCode.NotFound,
            "learner B has a bucket of their own");
    }

    [Fact]
    public async Task The_token_endpoint_is_limited_per_ip_and_spoofed_forwarding_headers_do_not_help()
    {
        var gateway = platform.GatewayA.Client();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Platform.TokenLimit + 3; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/connect/token")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "password", ["username"] = "nobody@test.local", ["password"] = "wrong-password",
                    ["client_id"] = "learning-mobile", ["scope"] = "learning.app",
                }),
            };
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i}");
            statuses.Add((await gateway.SendAsync(request)).StatusCode);
        }

        statuses.Take(Platform.TokenLimit).Should().OnlyContain(s => s == HttpStatusCode.BadRequest);
        statuses.Skip(Platform.TokenLimit).Should().OnlyContain(s => s == HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task A_limit_finer_than_a_millisecond_works()
    {
        await using var generous = new GatewayFactory(
            platform.Identity, platform.Api.KestrelAddress!, TestEnvironment.Redis, TestEnvironment.UniqueName("lp:h") + ":",
            appLimit: 6_000_000, tokenLimit: 100);
        var learner = await platform.Identity.NewLearnerAsync();
        var client = generous.Client(learner.AccessToken);

        for (var i = 0; i < 5; i++)
        {
            var response = await client.GetAsync($"{ApiCalls.App}/exams/{Guid.NewGuid()}/result");
            response.StatusCode.Should().Be(HttpStatusCode.NotFound);
            response.Headers.GetValues("RateLimit-Policy").Single().Should().Be("\"app\";q=6000000;w=60");
        }
    }
}
