using System.Net;
using System.Text;
using System.Text.Json;
using LearningPlatform.Domain.Rewards;
using LearningPlatform.TestSupport;

namespace LearningPlatform.WebApi.IntegrationTests;

/// <summary>The audit log: admin changes are recorded with who and when, and read back newest first.</summary>
public class AuditLogTests(LearningApiFactory api) : IClassFixture<LearningApiFactory>
{
    private const string Admin = "/api/learning/admin";

    [Fact]
    public async Task Reward_moves_and_a_coupon_import_are_in_the_audit_log_with_the_admin_who_made_them()
    {
        var tokens = await api.Identity.AdminAsync();
        var admin = api.ClientWith(tokens.AccessToken);
        var learner = await api.NewLearnerAsync();
        var exam = await api.AddRankedExamAsync();
        var campaign = await admin.CreateCouponCampaignAsync();
        var reward = Reward.Assign(learner.Id, exam.Id, campaign, api.Clock.GetUtcNow());
        await api.WithDbAsync(async db =>
        {
            db.Rewards.Add(reward);
            return await db.SaveChangesAsync();
        });

        (await admin.PostAsync($"{Admin}/coupon-campaigns/{campaign}/coupons",
            new StringContent($"code\n{Guid.NewGuid():N}\n", Encoding.UTF8, "text/csv"))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.PostAsync($"{Admin}/rewards/{reward.Id}/cancel",
            new StringContent("""{"reason":"duplicate account"}""", Encoding.UTF8, "application/json"))).StatusCode.Should().Be(HttpStatusCode.OK);

        var rewardLog = await EntriesAsync(admin, $"entity=reward&id={reward.Id}");
        rewardLog.Should().ContainSingle();
        rewardLog[0].GetProperty("action").GetString().Should().Be("cancelled");
        rewardLog[0].GetProperty("entity").GetString().Should().Be("REWARD");
        rewardLog[0].GetProperty("actorId").GetGuid().Should().Be(Guid.Parse(tokens.Subject));
        rewardLog[0].GetProperty("details").GetProperty("status").GetString().Should().Be("CANCELLED");

        var importLog = await EntriesAsync(admin, $"entity=COUPON_CAMPAIGN&id={campaign}");
        importLog.Select(e => e.GetProperty("action").GetString()).Should().Equal("coupons_imported", "created");
        importLog[0].GetProperty("details").GetProperty("imported").GetInt32().Should().Be(1);

        var everything = await EntriesAsync(admin, "limit=100");
        everything.Select(e => e.GetProperty("at").GetDateTimeOffset()).Should().BeInDescendingOrder();
    }

    [Fact]
    public async Task An_unknown_entity_is_400_and_a_learner_cannot_read_the_log()
    {
        var admin = api.ClientWith((await api.Identity.AdminAsync()).AccessToken);
        var learner = await api.NewLearnerAsync();

        await (await admin.GetAsync($"{Admin}/audit?entity=planet")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        (await learner.Client.GetAsync($"{Admin}/audit")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    private static async Task<List<JsonElement>> EntriesAsync(HttpClient admin, string query)
    {
        var response = await admin.GetAsync($"{Admin}/audit?{query}");
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("entries").EnumerateArray().ToList();
    }
}
