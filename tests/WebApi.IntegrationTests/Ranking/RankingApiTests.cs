using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Ranking;
using LearningPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace LearningPlatform.WebApi.IntegrationTests.Ranking;

/// <summary>Ranking, publishing, the leaderboards and the final screen through the HTTP API.</summary>
[Trait("Category", "Redis")] // also run on a Redis Cluster (scripts/test.sh)
public class RankingApiTests(RankingApiFactory api) : IClassFixture<RankingApiFactory>
{
    private const string Admin = "/api/learning/admin";
    private static readonly Guid Campaign = Guid.Parse("0c0c0c0c-1111-4222-8333-444455556666");

    private static PrizeTable Prizes => PrizeTable.Create(TieRule.ShareEqually,
        [new PrizeTier(1, 1, Prize.CoinsOf(500)), new PrizeTier(2, 2, Prize.CouponOf(Campaign))]);

    private async Task<(HttpClient Client, Guid Id)> AdminAsync()
    {
        var tokens = await api.Identity.AdminAsync();
        return (api.ClientWith(tokens.AccessToken), Guid.Parse(tokens.Subject));
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return JsonDocument.Parse(body).RootElement;
    }

    private static async Task<JsonElement> WaitForRunAsync(HttpClient admin, Guid examId, Guid runId)
    {
        JsonElement run = default;
        await RedisServerProcess.WaitUntilAsync(async () =>
        {
            var runs = await JsonAsync(await admin.GetAsync($"{Admin}/rankings/runs?examId={examId}"));
            run = runs.GetProperty("runs").EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == runId);
            return run.GetProperty("status").GetString() != "RUNNING";
        }, TimeSpan.FromSeconds(30), "the ranking run to finish");
        return run;
    }

    private async Task<Guid> RankAsync(HttpClient admin, Guid examId)
    {
        var accepted = await JsonAsync(await admin.PostAsync($"{Admin}/rankings/{examId}/run", null), HttpStatusCode.Accepted);
        var runId = accepted.GetProperty("runId").GetGuid();
        (await WaitForRunAsync(admin, examId, runId)).GetProperty("status").GetString().Should().Be("SUCCEEDED");
        return runId;
    }

    /// <summary>Starts, answers <paramref name="right"/> of the exam's questions correctly (half a second each, within the clock tolerance: the fake clock stands still) and completes.</summary>
    private async Task<Learner> TakeExamAsync(Exam exam, int right)
    {
        var learner = await api.NewLearnerAsync();
        var attempt = await learner.Client.StartOkAsync(exam.Id);
        var answered = 0;
        foreach (var question in attempt.Questions)
        {
            var correct = exam.Questions.Single(q => q.Id == question.Id).Choices.Single(c => c.IsCorrect).Id;
            var wrong = question.Choices.First(c => c.Id != correct).Id;
            (await learner.Client.AnswerAsync(attempt.AttemptId, attempt.AttemptToken, question.Id, answered++ < right ? correct : wrong, 500))
                .StatusCode.Should().Be(HttpStatusCode.OK);
        }

        (await learner.Client.CompleteAsync(attempt.AttemptId, attempt.AttemptToken, Guid.NewGuid().ToString())).StatusCode.Should().Be(HttpStatusCode.OK);
        return learner;
    }

    private static List<(long Position, int Rank, Guid LearnerId, int Score, long Total)> Lines(JsonElement entries) =>
        [.. entries.EnumerateArray().Select(e => (e.GetProperty("position").GetInt64(), e.GetProperty("rank").GetInt32(),
            e.GetProperty("learnerId").GetGuid(), e.GetProperty("score").GetInt32(), e.GetProperty("totalElapsedMs").GetInt64()))];

    [Fact]
    public async Task Ranked_and_published_the_final_screen_shows_rank_prize_reward_top_3_and_neighbours()
    {
        var exam = await api.AddExamAsync(questions: 4, closesAt: api.Clock.GetUtcNow().AddMinutes(30), prizes: Prizes);
        var first = await TakeExamAsync(exam, right: 4);
        var redis = api.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        (await redis.KeyExistsAsync($"{api.RedisPrefix}lb:{{{exam.Id}}}")).Should().BeFalse("no board yet: the first read builds it");
        (await first.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await redis.SortedSetLengthAsync($"{api.RedisPrefix}lb:{{{exam.Id}}}")).Should().Be(1);
        var second = await TakeExamAsync(exam, right: 3);
        var third = await TakeExamAsync(exam, right: 1);
        var (admin, adminId) = await AdminAsync();

        // During the exam: the live board, fed by each completion, shows only how many completed (a contest hides
        // scores until its window closes), and a PENDING result without a score.
        (await redis.SortedSetLengthAsync($"{api.RedisPrefix}lb:{{{exam.Id}}}")).Should().Be(3, "completions feed the live board");
        var during = await JsonAsync(await third.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}"));
        during.GetProperty("visibility").GetString().Should().Be("COUNT_ONLY");
        during.GetProperty("total").GetInt64().Should().Be(3);
        during.GetProperty("entries").GetArrayLength().Should().Be(0);
        var pending = await JsonAsync(await first.Client.GetAsync($"{ApiCalls.App}/exams/{exam.Id}/result"));
        pending.GetProperty("status").GetString().Should().Be("PENDING");
        pending.TryGetProperty("score", out _).Should().BeFalse("the score waits for publishing");
        await (await admin.PostAsync($"{Admin}/rankings/{exam.Id}/run", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "exam.still_open");

        // Closed, not yet ranked: the provisional board shows the scores.
        api.Clock.Advance(TimeSpan.FromMinutes(31));
        var live = await JsonAsync(await third.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}"));
        live.GetProperty("final").GetBoolean().Should().BeFalse();
        live.GetProperty("visibility").GetString().Should().Be("PROVISIONAL");
        Lines(live.GetProperty("entries")).Should().Equal((1, 1, first.Id, 40, 2_000), (2, 2, second.Id, 30, 2_000), (3, 3, third.Id, 10, 2_000));
        var runId = await RankAsync(admin, exam.Id);
        (await JsonAsync(await first.Client.GetAsync($"{ApiCalls.App}/exams/{exam.Id}/result"))).GetProperty("status").GetString()
            .Should().Be("PENDING", "ranked is not yet published");

        var published = await JsonAsync(await admin.PostAsync($"{Admin}/rankings/{exam.Id}/publish", null));
        published.GetProperty("winners").GetInt32().Should().Be(2);
        published.GetProperty("leaderboardEntries").GetInt64().Should().Be(3);
        await (await admin.PostAsync($"{Admin}/rankings/{exam.Id}/publish", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "ranking.not_ranked");

        var winner = await JsonAsync(await first.Client.GetAsync($"{ApiCalls.App}/exams/{exam.Id}/result"));
        winner.GetProperty("status").GetString().Should().Be("PUBLISHED");
        winner.GetProperty("rank").GetInt32().Should().Be(1);
        winner.GetProperty("score").GetInt32().Should().Be(40);
        winner.GetProperty("participants").GetInt32().Should().Be(3);
        winner.GetProperty("prize").GetProperty("coins").GetInt64().Should().Be(500);
        winner.GetProperty("top").EnumerateArray().Select(t => t.GetProperty("learnerId").GetGuid()).Should().Equal(first.Id, second.Id, third.Id);
        winner.GetProperty("neighbours").EnumerateArray().Select(t => t.GetProperty("position").GetInt32()).Should().Equal(1, 2, 3);

        var couponBody = await (await second.Client.GetAsync($"{ApiCalls.App}/exams/{exam.Id}/result")).Content.ReadAsStringAsync();
        var coupon = JsonDocument.Parse(couponBody).RootElement;
        coupon.GetProperty("rank").GetInt32().Should().Be(2);
        coupon.GetProperty("prize").GetProperty("rewardStatus").GetString().Should().Be("ASSIGNED");
        coupon.GetProperty("prize").GetProperty("rewardId").GetGuid().Should().NotBeEmpty();
        couponBody.Should().NotContainAny("code\"", "coupon_code", "couponCode");
        (await JsonAsync(await third.Client.GetAsync($"{ApiCalls.App}/exams/{exam.Id}/result"))).TryGetProperty("prize", out _).Should().BeFalse();

        // The outbox: one personal notice per winner and one broadcast to the exam's topic, nothing per participant.
        var outbox = (await api.WithDbAsync(db => db.Outbox.AsNoTracking().ToListAsync())).Where(m => m.DedupeKey.Contains(exam.Id.ToString())).ToList();
        outbox.Where(m => m.LearnerId != null).Select(m => m.LearnerId).Should().BeEquivalentTo([first.Id, second.Id]);
        outbox.Where(m => m.Topic != null).Should().ContainSingle().Which.Topic.Should().Be($"exam-{exam.Id}");
        outbox.Should().HaveCount(3);
        outbox.Should().OnlyContain(m => m.Payload.Contains($"learning://exams/{exam.Id}/result"));

        var final = await JsonAsync(await third.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}"));
        final.GetProperty("final").GetBoolean().Should().BeTrue();
        final.GetProperty("visibility").GetString().Should().Be("FINAL");
        Lines(final.GetProperty("entries")).Should().Equal((1, 1, first.Id, 40, 2_000), (2, 2, second.Id, 30, 2_000), (3, 3, third.Id, 10, 2_000));

        var runs = await JsonAsync(await admin.GetAsync($"{Admin}/rankings/runs?examId={exam.Id}"));
        var run = runs.GetProperty("runs").EnumerateArray().Single();
        run.GetProperty("id").GetGuid().Should().Be(runId);
        run.GetProperty("trigger").GetString().Should().Be("MANUAL");
        run.GetProperty("requestedBy").GetGuid().Should().Be(adminId);
        run.GetProperty("participants").GetInt32().Should().Be(3);
        var jobs = await JsonAsync(await admin.GetAsync($"{Admin}/jobs"));
        jobs.GetProperty("lastRankingRuns").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).Should().Contain(runId);
    }

    [Fact]
    public async Task Leaderboard_pages_and_me_equal_the_database_and_a_deleted_key_is_rebuilt_equal()
    {
        var exam = await api.AddExamAsync(closesAt: api.Clock.GetUtcNow().AddMinutes(5));
        var me = await api.NewLearnerAsync();
        var random = new Random(7);
        var start = api.Clock.GetUtcNow().AddMinutes(-30);
        List<SeededResult> seeded = [new(me.Id, 20, 30_000, start), .. Enumerable.Range(0, 249).Select(i =>
            new SeededResult(Guid.NewGuid(), random.Next(0, 6) * 10, random.Next(1, 5) * 10_000L, start.AddSeconds(i)))];
        await ResultSeed.InsertAsync(api.Database.ConnectionString, exam.Id, seeded);

        async Task<List<(long Position, int Rank, Guid LearnerId, int Score, long Total)>> WholeBoardAsync(bool final)
        {
            var lines = new List<(long, int, Guid, int, long)>();
            for (var offset = 0; offset < 300; offset += 100)
            {
                var page = await JsonAsync(await me.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}?offset={offset}&limit=100"));
                page.GetProperty("final").GetBoolean().Should().Be(final);
                page.GetProperty("total").GetInt64().Should().Be(250);
                lines.AddRange(Lines(page.GetProperty("entries")));
            }

            return lines;
        }

        // Live, once the window closed (seeded rows never went through a completion, so the first read builds the board
        // from PostgreSQL): ranks by (score desc, total asc); inside a shared rank Redis orders by learner id.
        api.Clock.Advance(TimeSpan.FromMinutes(6));
        var expectedLive = seeded
            .OrderByDescending(s => s.Score).ThenBy(s => s.TotalElapsedMs)
            .Select(s => (Rank: 1 + seeded.Count(o => o.Score > s.Score || (o.Score == s.Score && o.TotalElapsedMs < s.TotalElapsedMs)), s.LearnerId, s.Score, s.TotalElapsedMs))
            .ToList();
        var live = await WholeBoardAsync(final: false);
        live.Select(l => (l.Rank, l.LearnerId, l.Score, l.Total)).Should().BeEquivalentTo(expectedLive);
        live.Select(l => l.Rank).Should().BeInAscendingOrder();
        live.Select(l => l.Position).Should().Equal(Enumerable.Range(1, 250).Select(i => (long)i));

        var (admin, _) = await AdminAsync();
        await RankAsync(admin, exam.Id);
        (await admin.PostAsync($"{Admin}/rankings/{exam.Id}/publish", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        var standings = (await api.WithDbAsync(db => db.Standings.AsNoTracking().Where(s => s.ExamId == exam.Id).OrderBy(s => s.Position).ToListAsync()))
            .Select(s => ((long)s.Position, s.Rank, s.LearnerId, s.Score, s.TotalElapsedMs)).ToList();
        standings.Should().HaveCount(250);
        (await WholeBoardAsync(final: true)).Should().Equal(standings);

        var mine = await JsonAsync(await me.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}/me"));
        var myLine = standings.Single(s => s.LearnerId == me.Id);
        Lines(JsonDocument.Parse($"[{mine.GetProperty("me").GetRawText()}]").RootElement).Should().Equal(myLine);
        Lines(mine.GetProperty("neighbours")).Should().Equal(standings.Where(s => Math.Abs(s.Item1 - myLine.Item1) <= 5));

        // The key goes missing (eviction, a flush): the next read rebuilds it from PostgreSQL, equal.
        var redis = api.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        (await redis.KeyDeleteAsync([$"{api.RedisPrefix}lb:{{{exam.Id}}}", $"{api.RedisPrefix}lb:{{{exam.Id}}}:e"])).Should().Be(2);
        (await WholeBoardAsync(final: true)).Should().Equal(standings);
        (await redis.SortedSetLengthAsync($"{api.RedisPrefix}lb:{{{exam.Id}}}")).Should().Be(250);
    }

    /// <summary>An exam with <paramref name="learners"/> seeded results (the first is <paramref name="me"/>'s), ranked and published.</summary>
    private async Task<(Exam Exam, List<(long Position, int Rank, Guid LearnerId, int Score, long Total)> Standings)> PublishedAsync(Guid me, int learners)
    {
        var exam = await api.AddExamAsync(closesAt: api.Clock.GetUtcNow().AddMinutes(1));
        var start = api.Clock.GetUtcNow().AddMinutes(-30);
        await ResultSeed.InsertAsync(api.Database.ConnectionString, exam.Id,
            [new SeededResult(me, 25, 20_000, start), .. Enumerable.Range(1, learners - 1).Select(i =>
                new SeededResult(Guid.NewGuid(), i % 5 * 10, 1_000 * (i % 7), start.AddSeconds(i)))]);
        api.Clock.Advance(TimeSpan.FromMinutes(2));
        var (admin, _) = await AdminAsync();
        await RankAsync(admin, exam.Id);
        (await admin.PostAsync($"{Admin}/rankings/{exam.Id}/publish", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        var standings = (await api.WithDbAsync(db => db.Standings.AsNoTracking().Where(s => s.ExamId == exam.Id).OrderBy(s => s.Position).ToListAsync()))
            .Select(s => ((long)s.Position, s.Rank, s.LearnerId, s.Score, s.TotalElapsedMs)).ToList();
        return (exam, standings);
    }

    private Task<int> DropStandingAsync(Guid examId, Guid learnerId) =>
        api.WithDbAsync(db => db.Standings.Where(s => s.ExamId == examId && s.LearnerId == learnerId).ExecuteDeleteAsync());

    [Fact]
    public async Task A_published_board_is_only_its_lines_and_a_final_marker_and_me_finds_the_position_in_the_standings()
    {
        var me = await api.NewLearnerAsync();
        var (exam, standings) = await PublishedAsync(me.Id, 40);
        var multiplexer = api.Services.GetRequiredService<IConnectionMultiplexer>();
        var redis = multiplexer.GetDatabase();
        var board = $"{api.RedisPrefix}lb:{{{exam.Id}}}";

        // The publish wrote the sorted set and a one-field marker, nothing per learner (and left no temporary key).
        var keys = multiplexer.GetServers().Where(s => !s.IsReplica).SelectMany(s => s.Keys(pattern: $"{api.RedisPrefix}lb:{{{exam.Id}}}*"))
            .Select(k => (string)k!).Order(StringComparer.Ordinal).ToList();
        keys.Should().Equal(board, $"{board}:e");
        (await redis.SortedSetLengthAsync(board)).Should().Be(40);
        (await redis.HashGetAllAsync($"{board}:e")).Select(e => ((string)e.Name!, (string)e.Value!)).Should().Equal([("final", "1")]);

        var mine = await JsonAsync(await me.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}/me"));
        var myLine = standings.Single(s => s.LearnerId == me.Id);
        mine.GetProperty("final").GetBoolean().Should().BeTrue();
        mine.GetProperty("total").GetInt64().Should().Be(40);
        Lines(JsonDocument.Parse($"[{mine.GetProperty("me").GetRawText()}]").RootElement).Should().Equal(myLine);
        Lines(mine.GetProperty("neighbours")).Should().Equal(standings.Where(s => Math.Abs(s.Position - myLine.Position) <= 5));

        var stranger = await api.NewLearnerAsync();
        var theirs = await JsonAsync(await stranger.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}/me"));
        theirs.GetProperty("me").ValueKind.Should().Be(JsonValueKind.Null);
        theirs.GetProperty("total").GetInt64().Should().Be(40);
        theirs.GetProperty("neighbours").GetArrayLength().Should().Be(0);

        // The position is the standings' (Redis has none): without the learner's standing, Redis alone cannot place them.
        (await DropStandingAsync(exam.Id, me.Id)).Should().Be(1);
        (await JsonAsync(await me.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}/me"))).GetProperty("me").ValueKind
            .Should().Be(JsonValueKind.Null);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_final_board_written_before_the_marker_still_finds_me_in_its_per_learner_hash(bool positions)
    {
        var me = await api.NewLearnerAsync();
        var (exam, standings) = await PublishedAsync(me.Id, 30);
        var redis = api.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var hash = $"{api.RedisPrefix}lb:{{{exam.Id}}}:e";

        // As the code before decision 132 wrote it: learner -> position (decision 123), or older, learner -> member.
        var batch = redis.CreateBatch();
        var writes = new[]
        {
            batch.KeyDeleteAsync(hash),
            batch.HashSetAsync(hash, [.. standings.Select(s => new HashEntry(s.LearnerId.ToString(),
                positions ? s.Position.ToString(CultureInfo.InvariantCulture) : $"{s.LearnerId}:{s.Rank}:{s.Score}:{s.Total}"))]),
        };
        batch.Execute();
        await Task.WhenAll(writes);

        // Found in the hash, not in the standings (dropped here so that only the hash can place the learner).
        (await DropStandingAsync(exam.Id, me.Id)).Should().Be(1);
        var mine = await JsonAsync(await me.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}/me"));
        var myLine = standings.Single(s => s.LearnerId == me.Id);
        Lines(JsonDocument.Parse($"[{mine.GetProperty("me").GetRawText()}]").RootElement).Should().Equal(myLine);
        Lines(mine.GetProperty("neighbours")).Should().Equal(standings.Where(s => Math.Abs(s.Position - myLine.Position) <= 5));

        var stranger = await api.NewLearnerAsync();
        var theirs = await JsonAsync(await stranger.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}/me"));
        theirs.GetProperty("me").ValueKind.Should().Be(JsonValueKind.Null);
        theirs.GetProperty("total").GetInt64().Should().Be(30);
    }

    [Fact]
    public async Task Two_instances_triggered_at_once_rank_the_exam_once_and_the_other_gets_409()
    {
        var exam = await api.AddExamAsync(closesAt: api.Clock.GetUtcNow().AddMinutes(1), prizes: Prizes);
        await ResultSeed.InsertAsync(api.Database.ConnectionString, exam.Id,
            [.. Enumerable.Range(0, 50).Select(i => new SeededResult(Guid.NewGuid(), i % 7, 1_000 * (i % 3), api.Clock.GetUtcNow()))]);
        api.Clock.Advance(TimeSpan.FromMinutes(2));
        await using var second = api.AnotherInstance(KeyValuePair.Create("Ranking:Enabled", "false"));
        var token = (await api.Identity.AdminAsync()).AccessToken;
        var clients = new[] { api.ClientWith(token), second.CreateClient() };
        clients[1].DefaultRequestHeaders.Authorization = new("Bearer", token);

        var responses = await Task.WhenAll(clients.Select(c => c.PostAsync($"{Admin}/rankings/{exam.Id}/run", null)));

        responses.Count(r => r.StatusCode == HttpStatusCode.Accepted).Should().Be(1);
        var refused = responses.Single(r => r.StatusCode != HttpStatusCode.Accepted);
        var problem = await JsonAsync(refused, HttpStatusCode.Conflict);
        problem.GetProperty("code").GetString().Should().BeOneOf("ranking.already_running", "ranking.already_ranked");
        var accepted = await JsonAsync(responses.Single(r => r.StatusCode == HttpStatusCode.Accepted), HttpStatusCode.Accepted);
        var runId = accepted.GetProperty("runId").GetGuid();
        if (problem.GetProperty("code").GetString() == "ranking.already_running" && problem.TryGetProperty("runId", out var running))
        {
            running.GetGuid().Should().Be(runId);
        }

        (await WaitForRunAsync(clients[0], exam.Id, runId)).GetProperty("status").GetString().Should().Be("SUCCEEDED");
        (await api.Database.CountAsync($"select count(*) from ranking_runs where exam_id = '{exam.Id}'")).Should().Be(1);
        (await api.Database.CountAsync($"select count(*) from standings where exam_id = '{exam.Id}'")).Should().Be(50);
        (await api.Database.CountAsync($"select count(*) from coin_ledger where exam_id = '{exam.Id}'")).Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_a_problem_and_change_nothing()
    {
        var (admin, _) = await AdminAsync();
        var learner = await api.NewLearnerAsync();
        var exam = await api.AddExamAsync();

        await (await admin.PostAsync($"{Admin}/rankings/{Guid.NewGuid()}/run", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "exam.not_found");
        await (await admin.PostAsync($"{Admin}/rankings/{exam.Id}/publish", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "ranking.not_ranked");
        await (await admin.PostAsync($"{Admin}/rankings/{Guid.NewGuid()}/publish", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "exam.not_found");
        await (await admin.GetAsync($"{Admin}/rankings/runs?limit=1000")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        (await learner.Client.PostAsync($"{Admin}/rankings/{exam.Id}/run", null)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        await (await learner.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}?limit=0")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        await (await learner.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}?offset=-1")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        await (await learner.Client.GetAsync($"{ApiCalls.App}/leaderboards/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "exam.not_found");
        var empty = await JsonAsync(await learner.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}/me"));
        empty.GetProperty("me").ValueKind.Should().Be(JsonValueKind.Null);

        (await api.Database.CountAsync($"select count(*) from ranking_runs where exam_id = '{exam.Id}'")).Should().Be(0);
        (await api.Database.CountAsync($"select count(*) from exams where id = '{exam.Id}' and ranking_status = 'Open'")).Should().Be(1);
    }
}

[Trait("Category", "Redis")] // also run on a Redis Cluster (scripts/test.sh)
public class StaleLeaderboardTests(RankingApiFactory api) : IClassFixture<RankingApiFactory>
{
    [Fact]
    public async Task A_live_board_left_over_after_publishing_is_not_served_as_the_result()
    {
        var exam = await api.AddExamAsync(closesAt: api.Clock.GetUtcNow().AddMinutes(1));
        var learner = await api.NewLearnerAsync();
        var start = api.Clock.GetUtcNow();
        await ResultSeed.InsertAsync(api.Database.ConnectionString, exam.Id,
            [new SeededResult(learner.Id, 30, 1_000, start), new SeededResult(Guid.NewGuid(), 20, 1_000, start), new SeededResult(Guid.NewGuid(), 0, 0, start)]);
        (await JsonDocument.ParseAsync(await (await learner.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}")).Content.ReadAsStreamAsync()))
            .RootElement.GetProperty("final").GetBoolean().Should().BeFalse("a live board is built");

        // Ranked and published behind the cache's back (as if the final write had failed after the commit).
        api.Clock.Advance(TimeSpan.FromMinutes(2));
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var rankExam = scope.ServiceProvider.GetRequiredService<Application.Ranking.RankExam>();
            var claim = await rankExam.ClaimAsync(exam.Id, RankingTrigger.Scheduled, null, CancellationToken.None);
            (await rankExam.ExecuteAsync(claim, CancellationToken.None)).Status.Should().Be(RankingRunStatus.Succeeded);
        }

        await api.WithDbAsync(async db =>
        {
            var ranked = await db.Exams.SingleAsync(e => e.Id == exam.Id);
            ranked.Publish();
            return await db.SaveChangesAsync();
        });
        await RedisServerProcess.WaitUntilAsync(async () =>
        {
            var page = JsonDocument.Parse(await learner.Client.GetStringAsync($"{ApiCalls.App}/leaderboards/{exam.Id}")).RootElement;
            return page.GetProperty("final").GetBoolean();
        }, TimeSpan.FromSeconds(10), "the final board to replace the live one");
    }
}
