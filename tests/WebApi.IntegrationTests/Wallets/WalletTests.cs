using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Ranking;
using LearningPlatform.Domain.Rewards;
using LearningPlatform.Domain.Wallets;
using LearningPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LearningPlatform.WebApi.IntegrationTests.Wallets;

/// <summary>The coin wallet: entry fees with the attempt, refunds at cancellation, prizes at ranking, the ledger read back.</summary>
public class WalletTests(LearningApiFactory api) : IClassFixture<LearningApiFactory>
{
    private const string Admin = AdminCalls.Admin;
    private const long Fee = 100;

    private async Task<Exam> AddPaidExamAsync(long fee = Fee, int maxAttempts = 1)
    {
        var now = api.Clock.GetUtcNow();
        var exam = Exam.Create("Paid exam", now.AddHours(-1), now.AddHours(2), TimeSpan.FromMinutes(10), now, maxAttempts);
        exam.AddQuestion("Question?", 10, [("right", true), ("wrong", false)]);
        exam.SetTerms(PrizeTable.Empty, fee, rakeBasisPoints: 1_000, guaranteedPool: 0);
        await api.WithDbAsync(db =>
        {
            db.Exams.Add(exam);
            return db.SaveChangesAsync();
        });
        return exam;
    }

    /// <summary>Gives the learner a wallet holding <paramref name="coins"/> (a DEMO_GRANT entry, as the demo does).</summary>
    private Task FundAsync(Guid learnerId, long coins) => api.WithDbAsync(db =>
    {
        var wallet = Wallet.Open(learnerId, api.Clock.GetUtcNow());
        db.Wallets.Add(wallet);
        db.CoinLedger.Add(wallet.Credit(coins, CoinEntryReason.DemoGrant, null, api.Clock.GetUtcNow()));
        return db.SaveChangesAsync();
    });

    private Task<long> BalanceAsync(Guid learnerId) =>
        api.Database.CountAsync($"select coalesce((select balance from wallets where learner_id = '{learnerId}'), 0)");

    private Task<long> LedgerSumAsync(Guid learnerId) =>
        api.Database.CountAsync($"select coalesce(sum(amount), 0) from coin_ledger where learner_id = '{learnerId}'");

    private Task<long> FeesAsync(Guid examId, string reason = "EntryFee") =>
        api.Database.CountAsync($"select count(*) from coin_ledger where exam_id = '{examId}' and reason = '{reason}'");

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<HttpClient> AdminAsync() => api.ClientWith((await api.Identity.AdminAsync()).AccessToken);

    [Fact]
    public async Task Twenty_concurrent_starts_of_a_paid_exam_with_coins_for_one_entry_create_one_attempt_and_one_debit()
    {
        var exam = await AddPaidExamAsync();
        var learner = await api.NewLearnerAsync();
        await FundAsync(learner.Id, Fee);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => learner.Client.StartAsync(exam.Id, $"paid-{i}")));

        responses.Select(r => r.StatusCode).Should().OnlyContain(s => s == HttpStatusCode.Created || s == HttpStatusCode.OK || s == HttpStatusCode.Conflict);
        responses.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(1, "one start creates the attempt; the others resume it or wait");
        (await api.Database.CountAsync($"select count(*) from attempts where exam_id = '{exam.Id}'")).Should().Be(1);
        (await FeesAsync(exam.Id)).Should().Be(1);
        (await BalanceAsync(learner.Id)).Should().Be(0);
        (await LedgerSumAsync(learner.Id)).Should().Be(0);
    }

    [Fact]
    public async Task Concurrent_starts_of_two_paid_exams_with_coins_for_one_charge_one_and_refuse_the_other_with_nothing_created()
    {
        var exams = new[] { await AddPaidExamAsync(), await AddPaidExamAsync() };
        var learner = await api.NewLearnerAsync();
        await FundAsync(learner.Id, Fee);

        var responses = await Task.WhenAll(exams.Select(e => learner.Client.StartAsync(e.Id, Guid.NewGuid().ToString())));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(1);
        var refused = responses.Single(r => r.StatusCode != HttpStatusCode.Created);
        var problem = await JsonAsync(refused, HttpStatusCode.Conflict);
        problem.GetProperty("code").GetString().Should().Be("wallet.insufficient_funds");
        problem.GetProperty("balance").GetInt64().Should().Be(0);
        problem.GetProperty("required").GetInt64().Should().Be(Fee);
        (await api.Database.CountAsync($"select count(*) from attempts where learner_id = '{learner.Id}'")).Should().Be(1, "the refused start created nothing");
        (await api.Database.CountAsync($"select count(*) from coin_ledger where learner_id = '{learner.Id}' and reason = 'EntryFee'")).Should().Be(1);
        (await BalanceAsync(learner.Id)).Should().Be(0);
        (await LedgerSumAsync(learner.Id)).Should().Be(0);
    }

    [Fact]
    public async Task A_start_without_enough_coins_is_409_insufficient_funds_and_creates_nothing()
    {
        var exam = await AddPaidExamAsync();
        var poor = await api.NewLearnerAsync();
        await FundAsync(poor.Id, Fee - 1);
        var none = await api.NewLearnerAsync();

        await (await poor.Client.StartAsync(exam.Id, "k")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "wallet.insufficient_funds");
        await (await none.Client.StartAsync(exam.Id, "k")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "wallet.insufficient_funds");

        (await api.Database.CountAsync($"select count(*) from attempts where exam_id = '{exam.Id}'")).Should().Be(0);
        (await FeesAsync(exam.Id)).Should().Be(0);
        (await BalanceAsync(poor.Id)).Should().Be(Fee - 1);
        (await api.Database.CountAsync($"select count(*) from wallets where learner_id = '{none.Id}'")).Should().Be(0);
    }

    [Fact]
    public async Task A_resumed_attempt_and_a_replayed_start_charge_nothing()
    {
        var exam = await AddPaidExamAsync();
        var learner = await api.NewLearnerAsync();
        await FundAsync(learner.Id, 3 * Fee);

        var first = await learner.Client.StartAsync(exam.Id, "first");
        first.StatusCode.Should().Be(HttpStatusCode.Created);
        var replay = await learner.Client.StartAsync(exam.Id, "first");
        replay.Headers.Contains("Idempotent-Replayed").Should().BeTrue();
        var resumed = await learner.Client.StartAsync(exam.Id, "second");
        resumed.StatusCode.Should().Be(HttpStatusCode.OK, "a second start resumes the open attempt");
        (await resumed.Content.ReadFromJsonAsync<StartedAttempt>(ApiCalls.Json))!.AttemptId
            .Should().Be((await first.Content.ReadFromJsonAsync<StartedAttempt>(ApiCalls.Json))!.AttemptId);

        (await FeesAsync(exam.Id)).Should().Be(1);
        (await BalanceAsync(learner.Id)).Should().Be(2 * Fee);
    }

    [Fact]
    public async Task A_further_attempt_of_an_exam_already_paid_for_charges_nothing()
    {
        var exam = await AddPaidExamAsync(maxAttempts: 2);
        var learner = await api.NewLearnerAsync();
        await FundAsync(learner.Id, Fee);
        var first = await learner.Client.StartOkAsync(exam.Id);
        (await learner.Client.CompleteAsync(first.AttemptId, first.AttemptToken, "done")).StatusCode.Should().Be(HttpStatusCode.OK);

        (await learner.Client.StartAsync(exam.Id, "again")).StatusCode.Should().Be(HttpStatusCode.Created);

        (await api.Database.CountAsync($"select count(*) from attempts where exam_id = '{exam.Id}'")).Should().Be(2);
        (await FeesAsync(exam.Id)).Should().Be(1);
        (await BalanceAsync(learner.Id)).Should().Be(0);
    }

    [Fact]
    public async Task Cancelling_refunds_every_fee_once_under_concurrent_and_retried_cancels_and_the_exam_is_done_for()
    {
        var exam = await AddPaidExamAsync();
        var learners = new List<Learner>();
        for (var i = 0; i < 3; i++)
        {
            var learner = await api.NewLearnerAsync();
            await FundAsync(learner.Id, Fee + 5);
            var started = await learner.Client.StartOkAsync(exam.Id);
            if (i == 2)
            {
                (await learner.Client.CompleteAsync(started.AttemptId, started.AttemptToken, "done")).StatusCode.Should().Be(HttpStatusCode.OK);
            }

            learners.Add(learner);
        }

        var late = await api.NewLearnerAsync();
        await FundAsync(late.Id, Fee);
        var admin = await AdminAsync();

        var cancels = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => admin.PostAsync($"{Admin}/exams/{exam.Id}/cancel", null)));
        var retried = await admin.PostAsync($"{Admin}/exams/{exam.Id}/cancel", null);

        foreach (var response in cancels.Append(retried))
        {
            var body = await JsonAsync(response);
            body.GetProperty("status").GetString().Should().Be("CANCELLED");
            body.GetProperty("refunds").GetInt32().Should().Be(3);
            body.GetProperty("coinsRefunded").GetInt64().Should().Be(3 * Fee);
        }

        (await FeesAsync(exam.Id, "EntryRefund")).Should().Be(3);
        foreach (var learner in learners)
        {
            (await BalanceAsync(learner.Id)).Should().Be(Fee + 5);
            (await LedgerSumAsync(learner.Id)).Should().Be(Fee + 5);
        }

        (await api.Database.CountAsync($"select count(*) from audit_log where entity_id = '{exam.Id}' and action = 'cancelled'")).Should().Be(1);

        // Learners see it cancelled; nobody starts (or resumes) it; it is never ranked.
        (await JsonAsync(await late.Client.GetAsync($"{ApiCalls.App}/exams/{exam.Id}"))).GetProperty("status").GetString().Should().Be("CANCELLED");
        await (await late.Client.StartAsync(exam.Id, "late")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "exam.cancelled");
        await (await learners[0].Client.StartAsync(exam.Id, "resume")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "exam.cancelled");
        (await BalanceAsync(late.Id)).Should().Be(Fee);
        (await JsonAsync(await learners[2].Client.GetAsync($"{ApiCalls.App}/exams/{exam.Id}/result"))).GetProperty("status").GetString().Should().Be("CANCELLED");
        await (await late.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "exam.cancelled");
        await (await admin.PostAsync($"{Admin}/rankings/{exam.Id}/run", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "exam.cancelled");
        await (await admin.PostAsync($"{Admin}/rankings/{exam.Id}/publish", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "exam.cancelled");
    }

    [Fact]
    public async Task A_cancellation_racing_paid_starts_leaves_no_fee_unrefunded()
    {
        var exam = await AddPaidExamAsync();
        var learners = new List<Learner>();
        for (var i = 0; i < 12; i++)
        {
            var learner = await api.NewLearnerAsync();
            await FundAsync(learner.Id, Fee);
            learners.Add(learner);
        }

        var admin = await AdminAsync();
        var starts = learners.Select(l => l.Client.StartAsync(exam.Id, "race")).ToList();
        var cancel = admin.PostAsync($"{Admin}/exams/{exam.Id}/cancel", null);
        await Task.WhenAll([.. starts, cancel]);

        (await cancel).StatusCode.Should().Be(HttpStatusCode.OK);
        foreach (var start in starts.Select(s => s.Result).Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await start.ShouldBeProblemAsync(HttpStatusCode.Conflict, "exam.cancelled");
        }

        (await FeesAsync(exam.Id, "EntryRefund")).Should().Be(await FeesAsync(exam.Id), "every fee charged before the cancellation is refunded");
        foreach (var learner in learners)
        {
            (await BalanceAsync(learner.Id)).Should().Be(Fee);
        }
    }

    [Fact]
    public async Task A_ranked_or_draft_exam_cannot_be_cancelled_and_an_unknown_one_is_404()
    {
        var admin = await AdminAsync();
        var ranked = await api.AddRankedExamAsync(publish: false);
        await (await admin.PostAsync($"{Admin}/exams/{ranked.Id}/cancel", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "exam.not_cancellable");
        await (await admin.PostAsync($"{Admin}/exams/{Guid.NewGuid()}/cancel", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "exam.not_found");
        var draft = Exam.CreateDraft(new ExamDefinition("Draft", null, ExamMode.Contest, api.Clock.GetUtcNow().AddDays(1),
            api.Clock.GetUtcNow().AddDays(2), TimeSpan.FromMinutes(5), 1, false, 0, 0, 0, PrizeTable.Empty, []), api.Clock.GetUtcNow());
        await api.WithDbAsync(db =>
        {
            db.Exams.Add(draft);
            return db.SaveChangesAsync();
        });
        await (await admin.PostAsync($"{Admin}/exams/{draft.Id}/cancel", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "exam.not_cancellable");
        (await api.Database.CountAsync($"select count(*) from exams where id = '{ranked.Id}' and ranking_status = 'Ranked'")).Should().Be(1);
    }

    [Fact]
    public async Task The_database_refuses_a_negative_balance_even_from_raw_SQL()
    {
        var learner = await api.NewLearnerAsync();
        await FundAsync(learner.Id, 10);

        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"UPDATE wallets SET balance = balance - 11 WHERE learner_id = '{learner.Id}'", connection);
        var act = () => command.ExecuteNonQueryAsync();

        (await act.Should().ThrowAsync<PostgresException>()).Which.ConstraintName.Should().Be("ck_wallets_balance");
        (await BalanceAsync(learner.Id)).Should().Be(10);
    }

    [Fact]
    public async Task Ranking_credits_the_prizes_to_the_winners_balances_in_its_transaction()
    {
        var prizes = PrizeTable.Create(TieRule.ShareEqually, [new PrizeTier(1, 1, Prize.CoinsOf(500)), new PrizeTier(2, 2, Prize.CoinsOf(200))]);
        var exam = await api.AddExamAsync(closesAt: api.Clock.GetUtcNow().AddMinutes(1), prizes: prizes);
        var first = await api.NewLearnerAsync();
        var second = Guid.NewGuid();
        await FundAsync(first.Id, 30);
        await ResultSeed.InsertAsync(api.Database.ConnectionString, exam.Id,
        [
            new SeededResult(first.Id, 50, 1_000, api.Clock.GetUtcNow()),
            new SeededResult(second, 40, 1_000, api.Clock.GetUtcNow()),
            new SeededResult(Guid.NewGuid(), 30, 1_000, api.Clock.GetUtcNow()),
        ]);
        api.Clock.Advance(TimeSpan.FromMinutes(2));
        var admin = await AdminAsync();

        var runId = (await JsonAsync(await admin.PostAsync($"{Admin}/rankings/{exam.Id}/run", null), HttpStatusCode.Accepted)).GetProperty("runId").GetGuid();
        await RedisServerProcess.WaitUntilAsync(async () =>
            await api.Database.CountAsync($"select count(*) from ranking_runs where id = '{runId}' and status <> 'Running'") == 1,
            TimeSpan.FromSeconds(30), "the ranking run to finish");

        (await api.Database.CountAsync($"select count(*) from ranking_runs where id = '{runId}' and status = 'Succeeded'")).Should().Be(1);
        (await BalanceAsync(first.Id)).Should().Be(530, "the prize adds to the wallet it already had");
        (await BalanceAsync(second)).Should().Be(200, "a winner without a wallet gets one");
        (await api.Database.CountAsync($"select count(*) from wallets w where w.balance <> (select sum(amount) from coin_ledger c where c.learner_id = w.learner_id)"))
            .Should().Be(0, "every balance is its ledger's sum");

        var wallet = await JsonAsync(await first.Client.GetAsync($"{ApiCalls.App}/wallet"));
        wallet.GetProperty("balance").GetInt64().Should().Be(530);
        var prize = wallet.GetProperty("entries")[0];
        prize.GetProperty("reason").GetString().Should().Be("EXAM_PRIZE");
        prize.GetProperty("amount").GetInt64().Should().Be(500);
        prize.GetProperty("examId").GetGuid().Should().Be(exam.Id);
        prize.GetProperty("examTitle").GetString().Should().Be(exam.Title);
    }

    [Fact]
    public async Task The_wallet_pages_the_callers_own_ledger_newest_first()
    {
        var exam = await AddPaidExamAsync();
        var other = await AddPaidExamAsync();
        var me = await api.NewLearnerAsync();
        var someoneElse = await api.NewLearnerAsync();
        await FundAsync(me.Id, 1_000);
        await FundAsync(someoneElse.Id, 1_000);
        api.Clock.Advance(TimeSpan.FromSeconds(1));
        await me.Client.StartOkAsync(exam.Id);
        api.Clock.Advance(TimeSpan.FromSeconds(1));
        await me.Client.StartOkAsync(other.Id);
        await someoneElse.Client.StartOkAsync(exam.Id);

        var page1 = await JsonAsync(await me.Client.GetAsync($"{ApiCalls.App}/wallet?limit=2"));
        var page2 = await JsonAsync(await me.Client.GetAsync($"{ApiCalls.App}/wallet?offset=2&limit=2"));

        page1.GetProperty("balance").GetInt64().Should().Be(1_000 - 2 * Fee);
        page1.GetProperty("total").GetInt64().Should().Be(3);
        page1.GetProperty("entries").EnumerateArray().Select(e => (e.GetProperty("reason").GetString(), e.GetProperty("examId").GetGuid()))
            .Should().Equal(("ENTRY_FEE", other.Id), ("ENTRY_FEE", exam.Id));
        page1.GetProperty("entries")[0].GetProperty("amount").GetInt64().Should().Be(-Fee);
        page2.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("reason").GetString()).Should().Equal("DEMO_GRANT");
        var ids = page1.GetProperty("entries").EnumerateArray().Concat(page2.GetProperty("entries").EnumerateArray()).Select(e => e.GetProperty("id").GetGuid());
        var mine = await api.WithDbAsync(db => db.CoinLedger.AsNoTracking().Where(c => c.LearnerId == me.Id).Select(c => c.Id).ToListAsync());
        ids.Should().BeEquivalentTo(mine, "only the caller's entries");

        await (await me.Client.GetAsync($"{ApiCalls.App}/wallet?limit=0")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        var fresh = await JsonAsync(await (await api.NewLearnerAsync()).Client.GetAsync($"{ApiCalls.App}/wallet"));
        fresh.GetProperty("balance").GetInt64().Should().Be(0);
        fresh.GetProperty("entries").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task With_the_demo_grant_a_wallet_opens_with_it_once_and_pays_for_a_paid_exam()
    {
        await using var demo = api.AnotherInstance(KeyValuePair.Create("Wallet:DemoGrant", "250"));
        var exam = await AddPaidExamAsync();
        var learner = await api.NewLearnerAsync();
        var client = demo.CreateClient();
        client.DefaultRequestHeaders.Authorization = learner.Client.DefaultRequestHeaders.Authorization;

        var looks = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => client.GetAsync($"{ApiCalls.App}/wallet")));
        foreach (var look in looks)
        {
            (await JsonAsync(look)).GetProperty("balance").GetInt64().Should().Be(250);
        }

        (await client.StartAsync(exam.Id, "demo")).StatusCode.Should().Be(HttpStatusCode.Created);
        (await api.Database.CountAsync($"select count(*) from coin_ledger where learner_id = '{learner.Id}' and reason = 'DemoGrant'")).Should().Be(1);
        (await BalanceAsync(learner.Id)).Should().Be(250 - Fee);
    }
}
