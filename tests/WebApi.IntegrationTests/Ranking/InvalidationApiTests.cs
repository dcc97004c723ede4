using System.Net;
using System.Text;
using System.Text.Json;
using LearningPlatform.Domain.Attempts;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Ranking;
using LearningPlatform.Domain.Rewards;
using LearningPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace LearningPlatform.WebApi.IntegrationTests.Ranking;

/// <summary>
/// An admin invalidates an attempt: before the ranking it is simply not counted; after it the exam needs a rerun
/// (publish refused until then), the learner's reward is cancelled with a notice, and the rerun moves the next learners
/// up without crediting anyone twice; once published it is refused.
/// </summary>
public class InvalidationApiTests(RankingApiFactory api) : IClassFixture<RankingApiFactory>
{
    private const string Admin = "/api/learning/admin";
    private static readonly Guid Campaign = Guid.Parse("0c0c0c0c-2222-4222-8333-444455556666");

    private sealed record Taker(Learner Learner, Guid AttemptId)
    {
        public Guid Id => Learner.Id;
    }

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

    private static Task<HttpResponseMessage> InvalidateAsync(HttpClient client, Guid attemptId, string? reason = "two accounts, one person") =>
        client.PostAsync($"{Admin}/attempts/{attemptId}/invalidate",
            reason is null ? null : new StringContent(JsonSerializer.Serialize(new { reason }), Encoding.UTF8, "application/json"));

    private static async Task<JsonElement> RunAsync(HttpClient admin, Guid examId, string action)
    {
        var accepted = await JsonAsync(await admin.PostAsync($"{Admin}/rankings/{examId}/{action}", null), HttpStatusCode.Accepted);
        var runId = accepted.GetProperty("runId").GetGuid();
        JsonElement run = default;
        await RedisServerProcess.WaitUntilAsync(async () =>
        {
            var runs = await JsonAsync(await admin.GetAsync($"{Admin}/rankings/runs?examId={examId}"));
            run = runs.GetProperty("runs").EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == runId);
            return run.GetProperty("status").GetString() != "RUNNING";
        }, TimeSpan.FromSeconds(30), $"the {action} to finish");
        run.GetProperty("status").GetString().Should().Be("SUCCEEDED", run.GetRawText());
        return run;
    }

    /// <summary>Starts, answers <paramref name="right"/> of the exam's questions correctly (half a second each) and completes.</summary>
    private async Task<Taker> TakeExamAsync(Exam exam, int right)
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
        return new Taker(learner, attempt.AttemptId);
    }

    private Task<List<Standing>> StandingsAsync(Guid examId) =>
        api.WithDbAsync(db => db.Standings.AsNoTracking().Where(s => s.ExamId == examId).OrderBy(s => s.Position).ToListAsync());

    private Task<List<Reward>> RewardsAsync(Guid examId) =>
        api.WithDbAsync(db => db.Rewards.AsNoTracking().Where(r => r.ExamId == examId).ToListAsync());

    private Task<List<CoinLedgerEntry>> CreditsAsync(Guid examId) =>
        api.WithDbAsync(db => db.CoinLedger.AsNoTracking().Where(c => c.ExamId == examId).ToListAsync());

    private static async Task<List<JsonElement>> AuditAsync(HttpClient admin, string query) =>
        (await JsonAsync(await admin.GetAsync($"{Admin}/audit?{query}"))).GetProperty("entries").EnumerateArray().ToList();

    [Fact]
    public async Task Invalidating_a_winner_before_the_ranking_leaves_them_out_of_the_board_and_the_ranking()
    {
        var exam = await api.AddExamAsync(questions: 4, closesAt: api.Clock.GetUtcNow().AddMinutes(30),
            prizes: PrizeTable.Create(TieRule.ShareEqually, [new PrizeTier(1, 1, Prize.CoinsOf(500)), new PrizeTier(2, 2, Prize.CouponOf(Campaign))]));
        var first = await TakeExamAsync(exam, right: 4);
        (await first.Learner.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}")).StatusCode.Should().Be(HttpStatusCode.OK);
        var second = await TakeExamAsync(exam, right: 3);
        var third = await TakeExamAsync(exam, right: 1);
        var unfinished = await api.NewLearnerAsync();
        var open = await unfinished.Client.StartOkAsync(exam.Id);
        var (admin, adminId) = await AdminAsync();
        var redis = api.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        (await redis.SortedSetLengthAsync($"{api.RedisPrefix}lb:{{{exam.Id}}}")).Should().Be(3, "completions fed the live board");

        var invalidated = await JsonAsync(await InvalidateAsync(admin, first.AttemptId, "  two accounts, one person  "));

        invalidated.GetProperty("attemptId").GetGuid().Should().Be(first.AttemptId);
        invalidated.GetProperty("learnerId").GetGuid().Should().Be(first.Id);
        invalidated.GetProperty("status").GetString().Should().Be("INVALIDATED");
        invalidated.GetProperty("reason").GetString().Should().Be("two accounts, one person");
        invalidated.GetProperty("examStatus").GetString().Should().Be("OPEN");
        invalidated.GetProperty("rerankNeeded").GetBoolean().Should().BeFalse();
        invalidated.GetProperty("rewardId").ValueKind.Should().Be(JsonValueKind.Null);
        (await redis.KeyExistsAsync($"{api.RedisPrefix}lb:{{{exam.Id}}}")).Should().BeFalse("the live board is dropped, to be rebuilt without the attempt");
        (await api.Database.CountAsync($"select count(*) from attempts where id = '{first.AttemptId}' and status = 'Invalidated' and invalidated_by = '{adminId}'"))
            .Should().Be(1);

        // An attempt still in progress: invalidated, it can no longer be answered. A second invalidation is refused.
        (await JsonAsync(await InvalidateAsync(admin, open.AttemptId, "bot traffic"))).GetProperty("status").GetString().Should().Be("INVALIDATED");
        await (await unfinished.Client.AnswerAsync(open.AttemptId, open.AttemptToken, open.Questions[0].Id, open.Questions[0].Choices[0].Id, 100))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "attempt.not_in_progress");
        await (await InvalidateAsync(admin, first.AttemptId, "again")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "attempt.already_invalidated");

        // Closed: the provisional board, rebuilt from PostgreSQL, agrees with what the ranking will count.
        api.Clock.Advance(TimeSpan.FromMinutes(31));
        var board = await JsonAsync(await third.Learner.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}"));
        board.GetProperty("visibility").GetString().Should().Be("PROVISIONAL");
        board.GetProperty("entries").EnumerateArray().Select(e => (e.GetProperty("rank").GetInt32(), e.GetProperty("learnerId").GetGuid()))
            .Should().Equal((1, second.Id), (2, third.Id));

        await RunAsync(admin, exam.Id, "run");

        (await StandingsAsync(exam.Id)).Select(s => (s.Rank, s.LearnerId, s.PrizeCoins, s.CouponCampaignId))
            .Should().Equal((1, second.Id, 500L, null), (2, third.Id, null, Campaign));
        (await CreditsAsync(exam.Id)).Should().ContainSingle().Which.Should().Match<CoinLedgerEntry>(c => c.LearnerId == second.Id && c.Amount == 500);
        (await RewardsAsync(exam.Id)).Should().ContainSingle().Which.LearnerId.Should().Be(third.Id);
        (await JsonAsync(await admin.PostAsync($"{Admin}/rankings/{exam.Id}/publish", null))).GetProperty("winners").GetInt32()
            .Should().Be(2, "no rerun is needed: the ranking never counted the attempt");

        var audit = await AuditAsync(admin, $"entity=ATTEMPT&id={first.AttemptId}");
        var entry = audit.Should().ContainSingle().Subject;
        entry.GetProperty("action").GetString().Should().Be("invalidated");
        entry.GetProperty("actorId").GetGuid().Should().Be(adminId);
        entry.GetProperty("details").GetProperty("reason").GetString().Should().Be("two accounts, one person");
        entry.GetProperty("details").GetProperty("examStatus").GetString().Should().Be("OPEN");
    }

    [Fact]
    public async Task Invalidating_a_winner_after_the_ranking_needs_a_rerun_that_moves_the_next_up_without_crediting_twice()
    {
        // 1-2: a coupon each; 3: 300 coins; 4: 100 coins. Five learners, 40 down to 0 points.
        var exam = await api.AddExamAsync(questions: 4, closesAt: api.Clock.GetUtcNow().AddMinutes(30), prizes: PrizeTable.Create(TieRule.ShareEqually,
            [new PrizeTier(1, 2, Prize.CouponOf(Campaign)), new PrizeTier(3, 3, Prize.CoinsOf(300)), new PrizeTier(4, 4, Prize.CoinsOf(100))]));
        var takers = new List<Taker>();
        foreach (var right in new[] { 4, 3, 2, 1, 0 })
        {
            takers.Add(await TakeExamAsync(exam, right));
        }

        var (l1, l2, l3, l4, l5) = (takers[0], takers[1], takers[2], takers[3], takers[4]);
        var (admin, adminId) = await AdminAsync();
        api.Clock.Advance(TimeSpan.FromMinutes(31));
        await RunAsync(admin, exam.Id, "run");
        var before = await RewardsAsync(exam.Id);
        before.Select(r => r.LearnerId).Should().BeEquivalentTo([l1.Id, l2.Id]);
        (await CreditsAsync(exam.Id)).Select(c => (c.LearnerId, c.Amount)).Should().BeEquivalentTo([(l3.Id, 300L), (l4.Id, 100L)]);

        // Stock for the campaign; the winner cannot claim before the results are published, so nothing is reserved.
        await api.WithDbAsync(async db =>
        {
            db.CouponCampaigns.Add(CouponCampaign.Create($"Invalidation {Guid.NewGuid():N}", null, Guid.Empty, api.Clock.GetUtcNow(), Campaign));
            return await db.SaveChangesAsync();
        });
        (await admin.PostAsync($"{Admin}/coupon-campaigns/{Campaign}/coupons",
            new StringContent($"code\n{Guid.NewGuid():N}\n", Encoding.UTF8, "text/csv"))).StatusCode.Should().Be(HttpStatusCode.OK);
        var l1Reward = before.Single(r => r.LearnerId == l1.Id).Id;
        var claim = new HttpRequestMessage(HttpMethod.Post, $"{ApiCalls.App}/rewards/{l1Reward}/claim");
        claim.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        await (await l1.Learner.Client.SendAsync(claim)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "reward.not_found");

        var invalidated = await JsonAsync(await InvalidateAsync(admin, l1.AttemptId, "answers shared in a chat group"));

        invalidated.GetProperty("examStatus").GetString().Should().Be("RANKED");
        invalidated.GetProperty("rerankNeeded").GetBoolean().Should().BeTrue();
        invalidated.GetProperty("rewardId").GetGuid().Should().Be(l1Reward);
        invalidated.GetProperty("rewardStatus").GetString().Should().Be("CANCELLED");
        (await api.Database.CountAsync($"select count(*) from coupons where campaign_id = '{Campaign}' and status = 'Available' and reward_id is null"))
            .Should().Be(1, "the stock is untouched");
        (await api.Database.CountAsync($"select count(*) from reward_transitions where reward_id = '{l1Reward}' and \"to\" = 'Cancelled' and actor_kind = 'Admin' and actor_id = '{adminId}' and reason = 'answers shared in a chat group'"))
            .Should().Be(1);
        var notice = (await api.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.LearnerId == l1.Id).ToListAsync())).Should().ContainSingle().Subject;
        notice.Type.Should().Be("reward.status_changed");
        notice.DedupeKey.Should().Be($"reward.status_changed:{l1Reward}:Cancelled");
        notice.Payload.Should().Contain("CANCELLED");
        (await api.Database.CountAsync($"select count(*) from notifications where learner_id = '{l1.Id}' and title = 'Reward withdrawn'")).Should().Be(1);
        var runs = await JsonAsync(await admin.GetAsync($"{Admin}/rankings/runs?examId={exam.Id}"));
        runs.GetProperty("runs").EnumerateArray().Should().OnlyContain(r => r.GetProperty("examRerankNeeded").GetBoolean());

        await (await admin.PostAsync($"{Admin}/rankings/{exam.Id}/publish", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "ranking.rerun_needed");
        (await api.Database.CountAsync($"select count(*) from exams where id = '{exam.Id}' and ranking_status = 'Ranked' and rerank_needed")).Should().Be(1);

        var rerun = await RunAsync(admin, exam.Id, "rerun");

        rerun.GetProperty("trigger").GetString().Should().Be("RERUN");
        rerun.GetProperty("requestedBy").GetGuid().Should().Be(adminId);
        rerun.GetProperty("participants").GetInt32().Should().Be(4);
        rerun.GetProperty("examRerankNeeded").GetBoolean().Should().BeFalse();
        (await StandingsAsync(exam.Id)).Select(s => (s.Position, s.Rank, s.LearnerId, s.PrizeCoins, s.CouponCampaignId)).Should().Equal(
            (1, 1, l2.Id, null, Campaign), (2, 2, l3.Id, null, Campaign), (3, 3, l4.Id, 300L, null), (4, 4, l5.Id, null, null));
        var after = await RewardsAsync(exam.Id);
        after.Select(r => (r.LearnerId, r.Status)).Should().BeEquivalentTo(
            [(l1.Id, RewardStatus.Cancelled), (l2.Id, RewardStatus.Assigned), (l3.Id, RewardStatus.Assigned)]);
        after.Single(r => r.LearnerId == l2.Id).Id.Should().Be(before.Single(r => r.LearnerId == l2.Id).Id, "a learner who still wins keeps their reward");
        (await CreditsAsync(exam.Id)).Select(c => (c.LearnerId, c.Amount)).Should().Equal([(l4.Id, 300L)],
            "the previous credits are taken back and each winner is credited once");
        (await api.Database.CountAsync($"select coalesce(sum(amount), 0) from coin_ledger where learner_id in ('{l3.Id}', '{l4.Id}')")).Should().Be(300);
        (await api.Database.CountAsync($"select coalesce(sum(balance), 0) from wallets where learner_id in ('{l3.Id}', '{l4.Id}')")).Should().Be(300,
            "the wallets follow the rerun: the old prizes out, the new ones in");
        (await api.Database.CountAsync("select count(*) from wallets w where w.balance <> (select coalesce(sum(amount), 0) from coin_ledger c where c.learner_id = w.learner_id)"))
            .Should().Be(0, "every balance is its ledger's sum");
        (await api.WithDbAsync(db => db.Exams.AsNoTracking().SingleAsync(e => e.Id == exam.Id))).Economics!.PaidOut.Should().Be(300);

        var published = await JsonAsync(await admin.PostAsync($"{Admin}/rankings/{exam.Id}/publish", null));
        published.GetProperty("winners").GetInt32().Should().Be(3);
        (await api.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.Type == "exam.prize_won" && m.DedupeKey.Contains(exam.Id.ToString())).ToListAsync()))
            .Select(m => m.LearnerId).Should().BeEquivalentTo([l2.Id, l3.Id, l4.Id]);
        var result = await JsonAsync(await l1.Learner.Client.GetAsync($"{ApiCalls.App}/exams/{exam.Id}/result"));
        result.GetProperty("status").GetString().Should().Be("PUBLISHED");
        result.TryGetProperty("rank", out _).Should().BeFalse("an invalidated attempt is not ranked");
        var rewards = await JsonAsync(await l1.Learner.Client.GetAsync($"{ApiCalls.App}/rewards"));
        rewards.GetProperty("rewards").EnumerateArray().Single().GetProperty("status").GetString().Should().Be("CANCELLED");

        var ranking = await AuditAsync(admin, $"entity=RANKING&id={exam.Id}");
        ranking.Select(e => e.GetProperty("action").GetString()).Should().BeEquivalentTo(["run_started", "rerun_started", "reranked", "published"]);
        ranking.Single(e => e.GetProperty("action").GetString() == "reranked").GetProperty("details").GetProperty("creditsReversed").EnumerateArray()
            .Select(c => (c.GetProperty("learnerId").GetGuid(), c.GetProperty("amount").GetInt64())).Should().BeEquivalentTo([(l3.Id, 300L), (l4.Id, 100L)]);
        (await AuditAsync(admin, $"entity=ATTEMPT&id={l1.AttemptId}")).Should().ContainSingle()
            .Which.GetProperty("details").GetProperty("rewardStatus").GetString().Should().Be("CANCELLED");
        (await AuditAsync(admin, $"entity=REWARD&id={l1Reward}")).Select(e => e.GetProperty("action").GetString()).Should().Equal("cancelled");
        await (await admin.PostAsync($"{Admin}/rankings/{exam.Id}/rerun", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "ranking.already_ranked");
    }

    [Fact]
    public async Task After_publishing_an_invalidation_is_409_and_changes_nothing()
    {
        var exam = await api.AddExamAsync(questions: 2, closesAt: api.Clock.GetUtcNow().AddMinutes(30),
            prizes: PrizeTable.Create(TieRule.ShareEqually, [new PrizeTier(1, 1, Prize.CouponOf(Campaign))]));
        var winner = await TakeExamAsync(exam, right: 2);
        var (admin, _) = await AdminAsync();
        api.Clock.Advance(TimeSpan.FromMinutes(31));
        await RunAsync(admin, exam.Id, "run");
        (await admin.PostAsync($"{Admin}/rankings/{exam.Id}/publish", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        var refused = await InvalidateAsync(admin, winner.AttemptId, "found out after the results");

        await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "attempt.exam_published");
        (await api.Database.CountAsync($"select count(*) from attempts where id = '{winner.AttemptId}' and status = 'Completed' and invalidated_reason is null"))
            .Should().Be(1);
        (await RewardsAsync(exam.Id)).Should().ContainSingle().Which.Status.Should().Be(RewardStatus.Assigned);
        (await StandingsAsync(exam.Id)).Should().ContainSingle().Which.LearnerId.Should().Be(winner.Id);
        (await api.Database.CountAsync($"select count(*) from exams where id = '{exam.Id}' and ranking_status = 'Published' and not rerank_needed")).Should().Be(1);
        (await AuditAsync(admin, $"entity=ATTEMPT&id={winner.AttemptId}")).Should().BeEmpty();
        (await api.Database.CountAsync($"select count(*) from outbox_messages where learner_id = '{winner.Id}' and type = 'reward.status_changed'")).Should().Be(0);
    }

    [Fact]
    public async Task While_the_exam_is_being_ranked_an_invalidation_is_409_with_the_run_and_the_run_counts_the_attempt()
    {
        var exam = await api.AddExamAsync(questions: 1, closesAt: api.Clock.GetUtcNow().AddMinutes(30));
        var taker = await TakeExamAsync(exam, right: 1);
        var (admin, _) = await AdminAsync();
        api.Clock.Advance(TimeSpan.FromMinutes(31));
        await using var scope = api.Services.CreateAsyncScope();
        var rankExam = scope.ServiceProvider.GetRequiredService<Application.Ranking.RankExam>();
        var claim = await rankExam.ClaimAsync(exam.Id, RankingTrigger.Manual, Guid.NewGuid(), CancellationToken.None);

        var refused = await JsonAsync(await InvalidateAsync(admin, taker.AttemptId), HttpStatusCode.Conflict);

        refused.GetProperty("code").GetString().Should().Be("ranking.already_running");
        refused.GetProperty("runId").GetGuid().Should().Be(claim.RunId);
        (await rankExam.ExecuteAsync(claim, CancellationToken.None)).Status.Should().Be(RankingRunStatus.Succeeded);
        (await StandingsAsync(exam.Id)).Should().ContainSingle().Which.LearnerId.Should().Be(taker.Id);
        (await api.Database.CountAsync($"select count(*) from attempts where id = '{taker.AttemptId}' and status = 'Completed'")).Should().Be(1);
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_a_problem_and_change_nothing()
    {
        var exam = await api.AddExamAsync(questions: 1, closesAt: api.Clock.GetUtcNow().AddMinutes(30));
        var taker = await TakeExamAsync(exam, right: 1);
        var (admin, _) = await AdminAsync();

        await (await InvalidateAsync(admin, Guid.NewGuid())).ShouldBeProblemAsync(HttpStatusCode.NotFound, "attempt.not_found");
        await (await InvalidateAsync(admin, taker.AttemptId, reason: null)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "attempt.reason_required");
        await (await admin.PostAsync($"{Admin}/attempts/{taker.AttemptId}/invalidate", new StringContent("{}", Encoding.UTF8, "application/json")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "attempt.reason_required");
        await (await InvalidateAsync(admin, taker.AttemptId, "   ")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "attempt.reason_required");
        await (await InvalidateAsync(admin, taker.AttemptId, new string('r', Attempt.MaxInvalidationReasonLength + 1)))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        await (await InvalidateAsync(admin, taker.AttemptId, "two lines\nof reason")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        await (await admin.PostAsync($"{Admin}/attempts/{taker.AttemptId}/invalidate",
                new StringContent("""{"reason":"ok","extra":1}""", Encoding.UTF8, "application/json")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "request.malformed");
        (await InvalidateAsync(taker.Learner.Client, taker.AttemptId)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await taker.Learner.Client.PostAsync($"{Admin}/rankings/{exam.Id}/rerun", null)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        await (await admin.PostAsync($"{Admin}/rankings/{exam.Id}/rerun", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "ranking.not_ranked");
        await (await admin.PostAsync($"{Admin}/rankings/{Guid.NewGuid()}/rerun", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "exam.not_found");
        api.Clock.Advance(TimeSpan.FromMinutes(31));
        await (await admin.PostAsync($"{Admin}/rankings/{exam.Id}/rerun", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "ranking.not_ranked");

        (await api.Database.CountAsync($"select count(*) from attempts where id = '{taker.AttemptId}' and status = 'Completed'")).Should().Be(1);
        (await api.Database.CountAsync($"select count(*) from ranking_runs where exam_id = '{exam.Id}'")).Should().Be(0);
        (await api.Database.CountAsync($"select count(*) from exams where id = '{exam.Id}' and ranking_status = 'Open' and not rerank_needed")).Should().Be(1);
        (await AuditAsync(admin, $"entity=ATTEMPT&id={taker.AttemptId}")).Should().BeEmpty();
    }
}
