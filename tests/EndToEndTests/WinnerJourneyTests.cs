using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using LearningPlatform.Domain.Ranking;
using LearningPlatform.TestSupport;

namespace LearningPlatform.EndToEndTests;

/// <summary>The LearningService on a loopback port with the real FCM adapter pointed at a fake FCM of its own.</summary>
public sealed class KestrelPushLearningApi() : FcmLearningApiFactory(kestrel: true)
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [.. FcmSettings, new("Ranking:Enabled", "false"), new("Outbox:PollInterval", "00:00:01")];
}

public sealed class PushPlatform : IAsyncLifetime
{
    public KestrelPushLearningApi Api { get; } = new();
    public GatewayFactory Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Api.InitializeAsync();
        Gateway = new GatewayFactory(await SharedIdentity.GetAsync(), Api.KestrelAddress!, TestEnvironment.Redis,
            TestEnvironment.UniqueName("lp:g") + ":", appLimit: 1_000, tokenLimit: 100);
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Api.DisposeAsync();
    }
}

/// <summary>A winner's whole journey through the gateway: exam, ranking, push, final screen, claim, coupon.</summary>
[Trait("Category", "Redis")] // also run on a Redis Cluster (scripts/test.sh)
public class WinnerJourneyTests(PushPlatform platform) : IClassFixture<PushPlatform>
{
    private const string Admin = "/api/learning/admin";

    private static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    [Fact]
    public async Task Exam_ranking_push_final_screen_claim_and_coupon_all_through_the_gateway()
    {
        var api = platform.Api;
        var identity = await SharedIdentity.GetAsync();
        var learnerTokens = await identity.NewLearnerAsync();
        var learner = platform.Gateway.Client(learnerTokens.AccessToken);
        var admin = platform.Gateway.Client((await identity.AdminAsync()).AccessToken);
        var campaign = await admin.CreateCouponCampaignAsync();
        var code = $"E2E-{Guid.NewGuid():N}"[..20];
        var exam = await api.AddExamAsync(questions: 3, closesAt: api.Clock.GetUtcNow().AddMinutes(20),
            prizes: PrizeTable.Create(TieRule.ShareEqually, [new PrizeTier(1, 1, Prize.CouponOf(campaign))]));
        var phone = $"fcm:{Guid.NewGuid():N}";

        (await learner.PutAsync($"{ApiCalls.App}/devices", Json(new { token = phone, platform = "ios" }))).StatusCode.Should().Be(HttpStatusCode.OK);
        var started = await learner.StartOkAsync(exam.Id);
        foreach (var question in started.Questions)
        {
            var right = exam.Questions.Single(q => q.Id == question.Id).Choices.Single(c => c.IsCorrect).Id;
            (await learner.AnswerAsync(started.AttemptId, started.AttemptToken, question.Id, right, 500)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        (await learner.CompleteAsync(started.AttemptId, started.AttemptToken, Guid.NewGuid().ToString())).StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.PostAsync($"{Admin}/coupon-campaigns/{campaign}/coupons", new StringContent(code, Encoding.UTF8, "text/csv")))
            .StatusCode.Should().Be(HttpStatusCode.OK);

        api.Clock.Advance(TimeSpan.FromMinutes(21));
        (await admin.PostAsync($"{Admin}/rankings/{exam.Id}/run", null)).StatusCode.Should().Be(HttpStatusCode.Accepted);
        await platform.Api.DriveUntilAsync(async () => (await admin.GetStringAsync($"{Admin}/rankings/runs?examId={exam.Id}")).Contains("SUCCEEDED"), "the ranking");
        (await admin.PostAsync($"{Admin}/rankings/{exam.Id}/publish", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        // The winner's phone hears about it (through APNs, via FCM), and the exam's topic gets the broadcast.
        await platform.Api.DriveUntilAsync(() => Task.FromResult(api.Fcm.Delivered.Any(r => r.Token == phone) && api.Fcm.Delivered.Any(r => r.Topic == $"exam-{exam.Id}")),
            "the result pushes");
        var push = api.Fcm.Delivered.Single(r => r.Token == phone);
        push.Data["deeplink"].Should().Be($"learning://exams/{exam.Id}/result");
        push.Has("apns").Should().BeTrue();

        var result = await learner.GetFromJsonAsync<JsonElement>($"{ApiCalls.App}/exams/{exam.Id}/result");
        result.GetProperty("status").GetString().Should().Be("PUBLISHED");
        result.GetProperty("rank").GetInt32().Should().Be(1);
        var rewardId = result.GetProperty("prize").GetProperty("rewardId").GetGuid();

        var claim = new HttpRequestMessage(HttpMethod.Post, $"{ApiCalls.App}/rewards/{rewardId}/claim");
        claim.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        (await learner.SendAsync(claim)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.PostAsync($"{Admin}/rewards/{rewardId}/approve", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.PostAsync($"{Admin}/rewards/{rewardId}/fulfill", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        await platform.Api.DriveUntilAsync(() => Task.FromResult(api.Fcm.Delivered.Count(r => r.Token == phone) == 3), "the reward pushes");
        api.Fcm.Requests.Should().OnlyContain(r => !r.RawBody.Contains(code), "a coupon code is never pushed");

        var reward = await learner.GetFromJsonAsync<JsonElement>($"{ApiCalls.App}/rewards/{rewardId}");
        reward.GetProperty("status").GetString().Should().Be("FULFILLED");
        reward.GetProperty("couponCode").GetString().Should().Be(code);

        // What an operator reads holds no secret: no coupon code, access token, attempt token or refresh token.
        var secrets = new[] { code, learnerTokens.AccessToken, started.AttemptToken, learnerTokens.RefreshToken ?? code };
        var lines = api.Logs.Entries.Concat(platform.Gateway.Logs.Entries).Select(e => e.Text).ToList();
        lines.Should().NotBeEmpty();
        lines.Where(line => secrets.Any(secret => line.Contains(secret, StringComparison.Ordinal))).Should().BeEmpty();
        lines.Where(line => Regex.IsMatch(line, @"eyJ[A-Za-z0-9_-]{8,}\.eyJ")).Should().BeEmpty("no JWT is logged");
    }
}
