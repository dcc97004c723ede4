using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Ranking;
using LearningPlatform.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace LearningPlatform.WebApi.IntegrationTests.Ranking;

/// <summary>A WebApi whose Redis is a real three-master Redis Cluster on loopback (no nightly job).</summary>
public sealed class ClusterApiFactory : LearningApiFactory
{
    private readonly RedisClusterProcess _cluster = RedisClusterProcess.StartNewAsync().GetAwaiter().GetResult();

    protected override string RedisConfiguration => _cluster.Configuration;

    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Ranking:Enabled", "false")];

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _cluster.DisposeAsync();
    }
}

/// <summary>
/// The whole contest on a Redis Cluster: idempotent starts and completes, the start lock, the throttle, the live board,
/// the ranking lock, the final board's swap and its rebuild — every multi-key operation keeps to one slot.
/// </summary>
public class RedisClusterTests(ClusterApiFactory api) : IClassFixture<ClusterApiFactory>
{
    private const string Admin = "/api/learning/admin";

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue($"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task A_contest_is_taken_ranked_published_and_its_board_rebuilt_on_a_redis_cluster()
    {
        var exam = await api.AddExamAsync(questions: 3, closesAt: api.Clock.GetUtcNow().AddMinutes(30),
            prizes: PrizeTable.Create(TieRule.ShareEqually, [new PrizeTier(1, 1, Prize.CoinsOf(100))]));
        var learners = new List<Learner>();
        for (var right = 3; right >= 1; right--)
        {
            learners.Add(await TakeAsync(exam, right));
        }

        var live = await JsonAsync(await learners[0].Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}"));
        live.GetProperty("visibility").GetString().Should().Be("COUNT_ONLY");
        live.GetProperty("total").GetInt64().Should().Be(3);

        api.Clock.Advance(TimeSpan.FromMinutes(31));
        var admin = api.ClientWith((await api.Identity.AdminAsync()).AccessToken);
        var runId = (await JsonAsync(await admin.PostAsync($"{Admin}/rankings/{exam.Id}/run", null))).GetProperty("runId").GetGuid();
        await RedisServerProcess.WaitUntilAsync(async () =>
            (await JsonAsync(await admin.GetAsync($"{Admin}/rankings/runs?examId={exam.Id}"))).GetProperty("runs").EnumerateArray()
                .Any(r => r.GetProperty("id").GetGuid() == runId && r.GetProperty("status").GetString() == "SUCCEEDED"),
            TimeSpan.FromSeconds(30), "the ranking run");
        var published = await JsonAsync(await admin.PostAsync($"{Admin}/rankings/{exam.Id}/publish", null));
        published.GetProperty("leaderboardWritten").GetBoolean().Should().BeTrue("the final board's build and swap ran on the cluster");

        await ExpectFinalBoardAsync(exam, learners);
        var redis = api.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        (await redis.KeyDeleteAsync([$"{api.RedisPrefix}lb:{{{exam.Id}}}", $"{api.RedisPrefix}lb:{{{exam.Id}}}:e"]))
            .Should().Be(2, "the board and its hash share the exam's slot, so one DEL takes both");
        await ExpectFinalBoardAsync(exam, learners);
        (await redis.KeyExistsAsync($"{api.RedisPrefix}lb:{{{exam.Id}}}")).Should().BeTrue("the read rebuilt the final board");
    }

    private async Task ExpectFinalBoardAsync(Exam exam, List<Learner> learners)
    {
        var page = await JsonAsync(await learners[2].Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}?limit=10"));
        page.GetProperty("visibility").GetString().Should().Be("FINAL");
        page.GetProperty("entries").EnumerateArray().Select(e => (e.GetProperty("rank").GetInt32(), e.GetProperty("learnerId").GetGuid()))
            .Should().Equal((1, learners[0].Id), (2, learners[1].Id), (3, learners[2].Id));
        var me = await JsonAsync(await learners[1].Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}/me"));
        me.GetProperty("me").GetProperty("rank").GetInt32().Should().Be(2);
    }

    /// <summary>Starts (twice with one Idempotency-Key: a replay), answers <paramref name="right"/> questions right, and completes.</summary>
    private async Task<Learner> TakeAsync(Exam exam, int right)
    {
        var learner = await api.NewLearnerAsync();
        var key = Guid.NewGuid().ToString();
        var first = await learner.Client.StartAsync(exam.Id, key);
        first.StatusCode.Should().Be(HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        var replay = await learner.Client.StartAsync(exam.Id, key);
        replay.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        var attempt = (await first.Content.ReadFromJsonAsync<StartedAttempt>(ApiCalls.Json))!;
        var answered = 0;
        foreach (var question in attempt.Questions)
        {
            var correct = exam.Questions.Single(q => q.Id == question.Id).Choices.Single(c => c.IsCorrect).Id;
            var choice = answered++ < right ? correct : question.Choices.First(c => c.Id != correct).Id;
            (await learner.Client.AnswerAsync(attempt.AttemptId, attempt.AttemptToken, question.Id, choice, 500)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        (await learner.Client.CompleteAsync(attempt.AttemptId, attempt.AttemptToken, Guid.NewGuid().ToString())).StatusCode.Should().Be(HttpStatusCode.OK);
        return learner;
    }
}
