using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LearningPlatform.Domain.Attempts;
using LearningPlatform.Domain.Notifications;
using LearningPlatform.Domain.Rewards;
using LearningPlatform.FakeFcm;
using LearningPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace LearningPlatform.EndToEndTests;

/// <summary>
/// The LearningService on a loopback port with the real FCM adapter pointed at a fake FCM, its outbox dispatcher
/// polling every fake second one message at a time (so two dispatchers interleave over a backlog).
/// </summary>
public sealed class DispatchingLearningApi() : FcmLearningApiFactory(kestrel: true)
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        .. FcmSettings, new("Outbox:PollInterval", "00:00:01"), new("Outbox:BaseBackoff", "00:00:01"), new("Outbox:BatchSize", "1"),
    ];

    /// <summary>A second instance of this service (same database, Redis prefix, clock, fake FCM and settings) on a port of its own.</summary>
    public LoopbackLearningApiInstance Second() => AnotherInstanceOnLoopback(_ => { }, [.. Settings]);
}

/// <summary>
/// Two LearningService instances (one database, one Redis, one clock, each with its own background jobs) behind two
/// gateways on loopback, each gateway balancing over both instances (round robin).
/// </summary>
public sealed class TwoInstancePlatform : IAsyncLifetime
{
    public DispatchingLearningApi First { get; } = new();
    public LoopbackLearningApiInstance Second { get; private set; } = null!;
    public GatewayFactory GatewayA { get; private set; } = null!;
    public GatewayFactory GatewayB { get; private set; } = null!;
    public IdentityHostFactory Identity { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Identity = await SharedIdentity.GetAsync();
        await First.InitializeAsync();
        Second = First.Second();
        (GatewayA, GatewayB) = GatewayPair(TestEnvironment.UniqueName("lp:two") + ":", appLimit: 10_000);
    }

    /// <summary>Two gateways sharing <paramref name="keyPrefix"/> (so their rate limits), each balancing over both instances.</summary>
    public (GatewayFactory A, GatewayFactory B) GatewayPair(string keyPrefix, int appLimit, int? appWindowSeconds = null)
    {
        GatewayFactory Gateway(Uri first, Uri second)
        {
            var gateway = new GatewayFactory(Identity, first, TestEnvironment.Redis, keyPrefix, appLimit, tokenLimit: 100, secondLearningApi: second);
            // Four hosts and a token server on a loaded 2-core machine: the first introspection calls may take a few seconds.
            gateway.Settings["Gateway:Introspection:Timeout"] = "00:00:10";
            if (appWindowSeconds is not null)
            {
                gateway.Settings["Gateway:RateLimits:Policies:app:WindowSeconds"] = appWindowSeconds.ToString()!;
            }

            return gateway;
        }

        return (Gateway(First.KestrelAddress!, Second.KestrelAddress), Gateway(Second.KestrelAddress, First.KestrelAddress!));
    }

    public async Task DisposeAsync()
    {
        await GatewayA.DisposeAsync();
        await GatewayB.DisposeAsync();
        await Second.DisposeAsync();
        await First.DisposeAsync();
    }
}

/// <summary>
/// What the suite's concurrency tests show for one instance holds across two WebApi and two gateway instances: racing
/// starts, completes, claims, admin moves and ranking triggers count once, two outbox dispatchers send each message once,
/// and the gateways' rate limits and the WebApi's throttles are shared.
/// </summary>
public class TwoInstanceConcurrencyTests(TwoInstancePlatform platform) : IClassFixture<TwoInstancePlatform>
{
    private const string Admin = "/api/learning/admin";

    private DispatchingLearningApi First => platform.First;

    private HttpClient[] LearnerClients(TokenSet learner) =>
        [platform.GatewayA.Client(learner.AccessToken), platform.GatewayB.Client(learner.AccessToken)];

    private async Task<HttpClient[]> AdminClientsAsync()
    {
        var token = (await platform.Identity.AdminAsync()).AccessToken;
        return [platform.GatewayA.Client(token), platform.GatewayB.Client(token)];
    }

    private static Task<HttpResponseMessage> ClaimAsync(HttpClient client, Guid rewardId, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{ApiCalls.App}/rewards/{rewardId}/claim");
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }

    /// <summary>A coupon reward ASSIGNED to the learner, as the ranking writes it.</summary>
    private async Task<Reward> AssignAsync(Guid learnerId, Guid campaignId)
    {
        var exam = await First.AddRankedExamAsync();
        var reward = Reward.Assign(learnerId, exam.Id, campaignId, First.Clock.GetUtcNow());
        await First.WithDbAsync(async db =>
        {
            db.Rewards.Add(reward);
            return await db.SaveChangesAsync();
        });
        return reward;
    }

    [Fact]
    public async Task Concurrent_starts_completes_and_ranking_triggers_across_two_instances_count_once()
    {
        var exam = await First.AddExamAsync(questions: 1, closesAt: First.Clock.GetUtcNow().AddMinutes(5));
        var clients = LearnerClients(await platform.Identity.NewLearnerAsync());

        // Eight starts at once, four through each gateway (each spreading over both instances).
        var starts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => clients[i % 2].StartAsync(exam.Id, Guid.NewGuid().ToString())));
        starts.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Created || r.StatusCode == HttpStatusCode.OK || r.StatusCode == HttpStatusCode.Conflict,
            "a start racing another is refused (409) or resumes the one attempt");
        var started = new List<StartedAttempt>();
        foreach (var response in starts.Where(r => r.IsSuccessStatusCode))
        {
            started.Add((await response.Content.ReadFromJsonAsync<StartedAttempt>(ApiCalls.Json))!);
        }

        started.Select(s => s.AttemptId).Distinct().Should().ContainSingle("one learner, one exam, one attempt");
        (await First.WithDbAsync(db => db.Attempts.CountAsync(a => a.ExamId == exam.Id))).Should().Be(1);

        // Six completes with one Idempotency-Key: one completion, the others replays (or 409 while it runs). Every resume
        // rotates the attempt token (decision 5), and the racing starts may have resumed in any order: one more resume,
        // alone, gives the token in force.
        var attempt = await clients[0].StartOkAsync(exam.Id);
        attempt.AttemptId.Should().Be(started[0].AttemptId, "a start after the race resumes the one attempt");
        var key = Guid.NewGuid().ToString();
        var completes = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => clients[i % 2].CompleteAsync(attempt.AttemptId, attempt.AttemptToken, key)));
        completes.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK || r.StatusCode == HttpStatusCode.Conflict);
        completes.Should().Contain(r => r.StatusCode == HttpStatusCode.OK);
        var bodies = await Task.WhenAll(completes.Where(r => r.IsSuccessStatusCode).Select(r => r.Content.ReadAsStringAsync()));
        bodies.Distinct().Should().ContainSingle("a replay answers what the first completion answered");
        (await First.WithDbAsync(db => db.Attempts.SingleAsync(a => a.Id == attempt.AttemptId))).Status.Should().Be(AttemptStatus.Completed);

        // Four ranking triggers at once through both gateways: one run.
        First.Clock.Advance(TimeSpan.FromMinutes(6));
        var admins = await AdminClientsAsync();
        var triggers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => admins[i % 2].PostAsync($"{Admin}/rankings/{exam.Id}/run", null)));
        triggers.Count(r => r.StatusCode == HttpStatusCode.Accepted).Should().Be(1, "one trigger claims the exam");
        triggers.Where(r => r.StatusCode != HttpStatusCode.Accepted).Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Conflict);
        await RedisServerProcess.WaitUntilAsync(async () =>
            (await admins[0].GetStringAsync($"{Admin}/rankings/runs?examId={exam.Id}")).Contains("SUCCEEDED"),
            TimeSpan.FromSeconds(60), "the ranking run");
        (await First.WithDbAsync(db => db.RankingRuns.CountAsync(r => r.ExamId == exam.Id))).Should().Be(1, "one run, on one instance");
        (await First.WithDbAsync(db => db.Standings.CountAsync(s => s.ExamId == exam.Id))).Should().Be(1);
    }

    [Fact]
    public async Task Racing_claims_and_approvals_across_two_instances_reserve_the_one_coupon_once_and_notify_once()
    {
        var admins = await AdminClientsAsync();
        // Stock goes to a campaign that exists.
        var campaign = await admins[0].CreateCouponCampaignAsync();
        var import = await admins[0].PostAsync($"{Admin}/coupon-campaigns/{campaign}/coupons", new StringContent($"{Guid.NewGuid():N}\n", Encoding.UTF8, "text/csv"));
        import.StatusCode.Should().Be(HttpStatusCode.OK, await import.Content.ReadAsStringAsync());
        var a = await platform.Identity.NewLearnerAsync();
        var b = await platform.Identity.NewLearnerAsync();
        var rewardA = await AssignAsync(a.UserId, campaign);
        var rewardB = await AssignAsync(b.UserId, campaign);
        var viaA = LearnerClients(a);
        var viaB = LearnerClients(b);

        // One coupon, eight claims at once over both gateways: learner A claims four times (two sharing one Idempotency-Key),
        // learner B four times; everything spreads over both instances.
        var sharedKey = Guid.NewGuid().ToString();
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => i < 4
            ? ClaimAsync(viaA[i % 2], rewardA.Id, i < 2 ? sharedKey : Guid.NewGuid().ToString())
            : ClaimAsync(viaB[i % 2], rewardB.Id, Guid.NewGuid().ToString())));

        var codes = new List<string?>();
        foreach (var claim in claims.Where(c => !c.IsSuccessStatusCode))
        {
            claim.StatusCode.Should().Be(HttpStatusCode.Conflict, await claim.Content.ReadAsStringAsync());
            codes.Add(await claim.ProblemCodeAsync());
        }

        claims.Should().Contain(c => c.StatusCode == HttpStatusCode.OK, "someone gets the coupon");
        codes.Should().Contain("coupon.out_of_stock", "the other learner finds the stock empty");
        codes.Should().OnlyContain(c => c == "coupon.out_of_stock" || c == "reward.invalid_transition" || c == "idempotency.in_flight" || c == "concurrency.conflict");
        var rewards = await First.WithDbAsync(db => db.Rewards.AsNoTracking().Where(r => r.CouponCampaignId == campaign).ToListAsync());
        rewards.Count(r => r.Status == RewardStatus.Requested && r.CouponId != null).Should().Be(1, "one claim took the one coupon");
        rewards.Count(r => r.Status == RewardStatus.Assigned && r.CouponId == null).Should().Be(1, "the other stays claimable");
        (await First.Database.CountAsync($"select count(*) from coupons where campaign_id = '{campaign}' and status = 'Reserved'")).Should().Be(1);
        (await First.Database.CountAsync(
            $"select count(*) from reward_transitions t join rewards r on r.id = t.reward_id where r.coupon_campaign_id = '{campaign}' and t.\"to\" = 'Requested'"))
            .Should().Be(1, "one REQUESTED move, however many claims raced");

        // Four approvals at once over both gateways: one moves it, one notice (and one outbox message) is written.
        var claimed = rewards.Single(r => r.Status == RewardStatus.Requested);
        var approvals = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => admins[i % 2].PostAsync($"{Admin}/rewards/{claimed.Id}/approve", null)));
        approvals.Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(1);
        approvals.Count(r => r.StatusCode == HttpStatusCode.Conflict).Should().Be(3);
        (await First.Database.CountAsync($"select count(*) from reward_transitions where reward_id = '{claimed.Id}' and \"to\" = 'Approved'")).Should().Be(1);
        (await First.Database.CountAsync($"select count(*) from notifications where learner_id = '{claimed.LearnerId}'")).Should().Be(1);
        (await First.Database.CountAsync($"select count(*) from outbox_messages where learner_id = '{claimed.LearnerId}'")).Should().Be(1);
    }

    [Fact]
    public async Task Two_instances_dispatchers_share_a_backlog_and_send_every_message_exactly_once()
    {
        var learner = await platform.Identity.NewLearnerAsync();
        var phone = $"fcm:{Guid.NewGuid():N}{Guid.NewGuid():N}";
        var clients = LearnerClients(learner);
        (await clients[1].PutAsync($"{ApiCalls.App}/devices",
            new StringContent(JsonSerializer.Serialize(new { token = phone, platform = "android" }), Encoding.UTF8, "application/json")))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        // Slow answers, so that both dispatchers are busy with the backlog at the same time.
        First.Fcm.AnswerFor(phone, FakeFcmResponse.Ok().After(TimeSpan.FromMilliseconds(50)));
        using var firstSends = new HostMeasurements(First.Services);
        using var secondSends = new HostMeasurements(platform.Second.Services);
        var ids = new List<Guid>();
        for (var i = 0; i < 40; i++)
        {
            var notification = Notification.For(learner.UserId, "reward.status_changed", "Reward approved", $"Notice {i}", null, First.Clock.GetUtcNow());
            await First.WithDbAsync(async db =>
            {
                db.Notifications.Add(notification);
                db.Outbox.Add(OutboxMessage.ToLearner(notification, $$"""{"title":"Reward approved","body":"Notice {{i}}"}""", $"two:{notification.Id}"));
                return await db.SaveChangesAsync();
            });
            ids.Add(notification.Id);
        }

        await First.DriveUntilAsync(async () =>
            await First.Database.CountAsync($"select count(*) from outbox_messages where learner_id = '{learner.UserId}' and status = 'Sent'") == 40,
            "the whole backlog", seconds: 90);

        var delivered = First.Fcm.Delivered.Where(r => r.Token == phone).GroupBy(r => r.Data["messageId"]).ToList();
        delivered.Select(g => g.Key).Should().BeEquivalentTo(ids.Select(id => id.ToString()));
        delivered.Should().OnlyContain(g => g.Count() == 1, "no message is sent twice");
        firstSends.Of("lp.push.sends", "outcome", "sent").Should().BePositive("the first instance dispatched part of the backlog");
        secondSends.Of("lp.push.sends", "outcome", "sent").Should().BePositive("the second instance dispatched part of the backlog");
        (firstSends.Of("lp.push.sends", "outcome", "sent") + secondSends.Of("lp.push.sends", "outcome", "sent")).Should().Be(40);
    }

    [Fact]
    public async Task The_gateways_rate_limit_and_the_instances_complete_throttle_hold_across_both_instances()
    {
        // Gateways of their own with a small app limit (one permit back an hour ÷ 12: none comes back during the test).
        const int limit = 12;
        var prefix = TestEnvironment.UniqueName("lp:two-rl") + ":";
        var (gatewayA, gatewayB) = platform.GatewayPair(prefix, appLimit: limit, appWindowSeconds: 3600);
        await using var _ = gatewayA;
        await using var __ = gatewayB;
        var learner = await platform.Identity.NewLearnerAsync();
        var clients = new[] { gatewayA.Client(learner.AccessToken), gatewayB.Client(learner.AccessToken) };

        // The WebApi's complete throttle (10 a minute per learner, in Redis) counts completes whichever instance takes them:
        // ten reach the use case (an unknown attempt: 404), the eleventh is refused.
        var completes = new List<HttpResponseMessage>();
        for (var i = 0; i < 11; i++)
        {
            completes.Add(await clients[i % 2].CompleteAsync(Guid.NewGuid(), "no-token", Guid.NewGuid().ToString()));
        }

        completes.Take(10).Should().OnlyContain(r => r.StatusCode != HttpStatusCode.TooManyRequests, "ten completes a minute are allowed");
        await completes[10].ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "throttle.exceeded");
        completes[10].Headers.RetryAfter.Should().NotBeNull();

        // Eleven requests spent of the gateways' shared app limit; one more passes, then both gateways refuse.
        (await clients[1].GetAsync($"{ApiCalls.App}/exams/{Guid.NewGuid()}/result")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        await (await clients[0].GetAsync($"{ApiCalls.App}/exams/{Guid.NewGuid()}/result"))
            .ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limit.exceeded");
        await (await clients[1].GetAsync($"{ApiCalls.App}/exams/{Guid.NewGuid()}/result"))
            .ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limit.exceeded");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestEnvironment.Redis);
        (await redis.GetDatabase().KeyExistsAsync($"{prefix}rl:app:sub:{learner.Subject}")).Should().BeTrue("one shared limit per learner in Redis");
    }
}
