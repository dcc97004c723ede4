using System.Net;
using System.Net.Http.Json;
using LearningPlatform.TestSupport;
using StackExchange.Redis;

namespace LearningPlatform.WebApi.IntegrationTests.Attempts;

public sealed class LowThrottleApiFactory : LearningApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("Throttling:Policies:complete:Limit", "2"), new("Throttling:Policies:complete:WindowSeconds", "120")];
}

[Trait("Category", "Redis")] // also run on a Redis Cluster (scripts/test.sh)
public class IdempotencyTests(LowThrottleApiFactory api) : IClassFixture<LowThrottleApiFactory>
{
    private static async Task<IDatabase> RedisAsync() =>
        (await ConnectionMultiplexer.ConnectAsync(TestEnvironment.Redis)).GetDatabase();

    [Fact]
    public async Task Missing_or_malformed_key_is_a_bad_request_and_starts_nothing()
    {
        var exam = await api.AddExamAsync();
        var client = (await api.NewLearnerAsync()).Client;

        await (await client.StartAsync(exam.Id, null)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "idempotency.key_missing");
        await (await client.StartAsync(exam.Id, new string('k', 256))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "idempotency.key_invalid");
        await (await client.StartAsync(exam.Id, "has space")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "idempotency.key_invalid");
        (await api.Database.CountAsync($"select count(*) from attempts where exam_id = '{exam.Id}'")).Should().Be(0);

        (await client.StartAsync(exam.Id, new string('k', 255))).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Same_key_and_body_replays_the_stored_response_with_the_replay_header()
    {
        var exam = await api.AddExamAsync();
        var (client, learner) = await api.NewLearnerAsync();

        var first = await client.StartAsync(exam.Id, "replay-me");
        var second = await client.StartAsync(exam.Id, "replay-me");

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        first.Headers.Contains("Idempotent-Replayed").Should().BeFalse();
        second.StatusCode.Should().Be(HttpStatusCode.Created);
        second.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        second.Headers.Location.Should().Be(first.Headers.Location);
        (await second.Content.ReadAsStringAsync()).Should().Be(await first.Content.ReadAsStringAsync());

        var redis = await RedisAsync();
        var key = $"{api.RedisPrefix}idem:key:{learner}:replay-me";
        var ttl = await redis.KeyTimeToLiveAsync(key);
        ttl.Should().NotBeNull();
        ttl!.Value.Should().BeCloseTo(TimeSpan.FromHours(24), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Same_key_with_another_request_is_unprocessable()
    {
        var examA = await api.AddExamAsync();
        var examB = await api.AddExamAsync();
        var client = (await api.NewLearnerAsync()).Client;

        (await client.StartAsync(examA.Id, "one-key")).StatusCode.Should().Be(HttpStatusCode.Created);
        await (await client.StartAsync(examB.Id, "one-key")).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency.key_reused");
        (await api.Database.CountAsync($"select count(*) from attempts where exam_id = '{examB.Id}'")).Should().Be(0);
    }

    [Fact]
    public async Task Keys_are_scoped_to_the_caller()
    {
        var exam = await api.AddExamAsync();
        var a = await (await api.NewLearnerAsync()).Client.StartAsync(exam.Id, "shared-key");
        var b = await (await api.NewLearnerAsync()).Client.StartAsync(exam.Id, "shared-key");

        a.StatusCode.Should().Be(HttpStatusCode.Created);
        b.StatusCode.Should().Be(HttpStatusCode.Created);
        b.Headers.Contains("Idempotent-Replayed").Should().BeFalse();
        (await b.Content.ReadFromJsonAsync<StartedAttempt>(ApiCalls.Json))!.AttemptId
            .Should().NotBe((await a.Content.ReadFromJsonAsync<StartedAttempt>(ApiCalls.Json))!.AttemptId);
        (await api.Database.CountAsync($"select count(*) from attempts where exam_id = '{exam.Id}'")).Should().Be(2);
    }

    [Fact]
    public async Task A_refused_request_is_not_stored_so_the_key_can_be_retried()
    {
        var now = api.Clock.GetUtcNow();
        var exam = await api.AddExamAsync(opensAt: now.AddMinutes(1), closesAt: now.AddHours(1));
        var client = (await api.NewLearnerAsync()).Client;

        await (await client.StartAsync(exam.Id, "too-early")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "exam.not_open");
        api.Clock.Advance(TimeSpan.FromMinutes(2));

        (await client.StartAsync(exam.Id, "too-early")).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Complete_throttle_answers_429_with_retry_after_and_is_never_stored()
    {
        var (client, learner) = await api.NewLearnerAsync();
        var exam = await api.AddExamAsync();
        var started = await client.StartOkAsync(exam.Id);

        // The limit is 2 per window: two calls pass the throttle (one completes, one is a replay) ...
        (await client.CompleteAsync(started.AttemptId, started.AttemptToken, "c1")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.CompleteAsync(started.AttemptId, started.AttemptToken, "c1")).StatusCode.Should().Be(HttpStatusCode.OK);

        // ... the third is throttled before the idempotency layer sees it.
        var throttled = await client.CompleteAsync(started.AttemptId, started.AttemptToken, "c-throttled");
        await throttled.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "throttle.exceeded");
        var retryAfter = throttled.Headers.RetryAfter!.Delta!.Value;
        retryAfter.Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(120));

        var redis = await RedisAsync();
        (await redis.KeyExistsAsync($"{api.RedisPrefix}idem:key:{learner}:c-throttled")).Should().BeFalse();
        (await redis.StringGetAsync($"{api.RedisPrefix}throttle:complete:{learner}")).Should().Be(3);

        // Another learner has a bucket of their own.
        var other = (await api.NewLearnerAsync()).Client;
        var theirs = await other.StartOkAsync(exam.Id);
        (await other.CompleteAsync(theirs.AttemptId, theirs.AttemptToken, "c1")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
