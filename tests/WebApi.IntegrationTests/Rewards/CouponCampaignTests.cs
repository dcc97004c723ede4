using System.Net;
using System.Text;
using System.Text.Json;
using LearningPlatform.Domain.Rewards;
using LearningPlatform.TestSupport;

namespace LearningPlatform.WebApi.IntegrationTests.Rewards;

/// <summary>Coupon campaigns: created by name, listed with their stock for the import screen.</summary>
public class CouponCampaignTests(LearningApiFactory api) : IClassFixture<LearningApiFactory>
{
    private const string Admin = "/api/learning/admin";

    [Fact]
    public async Task A_created_campaign_is_listed_with_its_stock_available_reserved_and_used()
    {
        var admin = api.ClientWith((await api.Identity.AdminAsync()).AccessToken);
        var created = await admin.SendOkAsync(HttpMethod.Post, "/coupon-campaigns",
            new { name = $"Bookshop {Guid.NewGuid():N}", description = "Spring contest\nplaces 4-10" }, HttpStatusCode.Created);
        var campaign = created.GetProperty("id").GetGuid();
        created.GetProperty("available").GetInt32().Should().Be(0);
        (await admin.PostAsync($"{Admin}/coupon-campaigns/{campaign}/coupons",
            new StringContent($"{Guid.NewGuid():N}\n{Guid.NewGuid():N}\n{Guid.NewGuid():N}\n", Encoding.UTF8, "text/csv"))).StatusCode.Should().Be(HttpStatusCode.OK);

        // Two winners claim (each reserves a coupon); one of them is handed out.
        var rewards = new List<Guid>();
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var learner = await api.NewLearnerAsync();
            var exam = await api.AddRankedExamAsync();
            var reward = Reward.Assign(learner.Id, exam.Id, campaign, api.Clock.GetUtcNow());
            await api.WithDbAsync(async db =>
            {
                db.Rewards.Add(reward);
                return await db.SaveChangesAsync();
            });
            var claim = new HttpRequestMessage(HttpMethod.Post, $"{ApiCalls.App}/rewards/{reward.Id}/claim");
            claim.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            (await learner.Client.SendAsync(claim)).StatusCode.Should().Be(HttpStatusCode.OK);
            rewards.Add(reward.Id);
        }

        await admin.SendOkAsync(HttpMethod.Post, $"/rewards/{rewards[0]}/approve", new { });
        await admin.SendOkAsync(HttpMethod.Post, $"/rewards/{rewards[0]}/fulfill", new { });

        var listed = (await admin.SendOkAsync(HttpMethod.Get, "/coupon-campaigns?limit=100")).GetProperty("campaigns").EnumerateArray()
            .Single(c => c.GetProperty("id").GetGuid() == campaign);
        (listed.GetProperty("available").GetInt32(), listed.GetProperty("reserved").GetInt32(), listed.GetProperty("used").GetInt32())
            .Should().Be((1, 1, 1));
        listed.GetProperty("description").GetString().Should().Be("Spring contest\nplaces 4-10");
        var one = await admin.SendOkAsync(HttpMethod.Get, $"/coupon-campaigns/{campaign}");
        one.GetProperty("name").GetString().Should().Be(created.GetProperty("name").GetString());
        one.GetProperty("used").GetInt32().Should().Be(1);
        listed.GetRawText().Should().NotContainAny(["codeCiphertext", "codeHash"]);
    }

    [Fact]
    public async Task A_taken_name_is_409_a_blank_one_400_and_stock_for_an_unknown_campaign_is_404()
    {
        var admin = api.ClientWith((await api.Identity.AdminAsync()).AccessToken);
        var name = $"Cinema {Guid.NewGuid():N}";
        await admin.CreateCouponCampaignAsync(name);

        await (await admin.SendAsync(HttpMethod.Post, "/coupon-campaigns", new { name = $"  {name} " }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "coupon_campaign.name_taken");
        await (await admin.SendAsync(HttpMethod.Post, "/coupon-campaigns", new { name = "   " }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        (await api.Database.CountAsync($"select count(*) from coupon_campaigns where name = '{name}'")).Should().Be(1);

        var unknown = Guid.NewGuid();
        await (await admin.PostAsync($"{Admin}/coupon-campaigns/{unknown}/coupons", new StringContent("ABC-123\n", Encoding.UTF8, "text/csv")))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "coupon_campaign.not_found");
        (await api.Database.CountAsync($"select count(*) from coupons where campaign_id = '{unknown}'")).Should().Be(0);
        await (await admin.GetAsync($"{Admin}/coupon-campaigns/{unknown}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "coupon_campaign.not_found");
        var learner = await api.NewLearnerAsync();
        (await learner.Client.GetAsync($"{Admin}/coupon-campaigns")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}
