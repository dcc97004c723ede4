using System.Net;
using System.Text;
using System.Text.Json;
using LearningPlatform.Domain.Rewards;
using LearningPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.WebApi.IntegrationTests.Rewards;

/// <summary>Rewards, the claim flow with coupon stock, admin moves, devices and the inbox, through the HTTP API.</summary>
[Trait("Category", "Redis")] // also run on a Redis Cluster (scripts/test.sh)
public class RewardFlowTests(LearningApiFactory api) : IClassFixture<LearningApiFactory>
{
    private const string Admin = "/api/learning/admin";

    private async Task<HttpClient> AdminAsync() => api.ClientWith((await api.Identity.AdminAsync()).AccessToken);

    /// <summary>A coupon reward ASSIGNED to the learner, as the ranking writes it.</summary>
    private async Task<Reward> AssignAsync(Guid learnerId, Guid campaignId)
    {
        var exam = await api.AddRankedExamAsync();
        var reward = Reward.Assign(learnerId, exam.Id, campaignId, api.Clock.GetUtcNow());
        await api.WithDbAsync(async db =>
        {
            db.Rewards.Add(reward);
            return await db.SaveChangesAsync();
        });
        return reward;
    }

    private static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response, List<string>? transcript = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        transcript?.Add(body);
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement;
    }

    private static Task<HttpResponseMessage> ImportAsync(HttpClient admin, Guid campaignId, string csv) =>
        admin.PostAsync($"{Admin}/coupon-campaigns/{campaignId}/coupons", new StringContent(csv, Encoding.UTF8, "text/csv"));

    private static Task<HttpResponseMessage> ClaimAsync(HttpClient client, Guid rewardId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{ApiCalls.App}/rewards/{rewardId}/claim");
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> MoveAsync(HttpClient admin, Guid rewardId, string action, string? reason = null) =>
        admin.PostAsync($"{Admin}/rewards/{rewardId}/{action}",
            reason is null ? null : new StringContent(JsonSerializer.Serialize(new { reason }), Encoding.UTF8, "application/json"));

    [Fact]
    public async Task The_claim_flow_shows_the_coupon_code_only_to_its_owner_and_only_once_fulfilled()
    {
        var code = $"SPRING-{Guid.NewGuid():N}"[..24].ToUpperInvariant();
        var learner = await api.NewLearnerAsync();
        var other = await api.NewLearnerAsync();
        var admin = await AdminAsync();
        var campaign = await admin.CreateCouponCampaignAsync();
        var reward = await AssignAsync(learner.Id, campaign);
        var transcript = new List<string>();

        var imported = await OkJsonAsync(await ImportAsync(admin, campaign, $"code\n{code}\n"), transcript);
        imported.GetProperty("imported").GetInt32().Should().Be(1);
        (await api.WithDbAsync(db => db.Coupons.AsNoTracking().SingleAsync(c => c.CampaignId == campaign)))
            .CodeCiphertext.Should().NotContain(code, "codes are encrypted at rest");

        (await OkJsonAsync(await learner.Client.GetAsync($"{ApiCalls.App}/rewards"), transcript))
            .GetProperty("rewards").EnumerateArray().Single().GetProperty("status").GetString().Should().Be("ASSIGNED");
        (await OkJsonAsync(await ClaimAsync(learner.Client, reward.Id), transcript)).GetProperty("status").GetString().Should().Be("REQUESTED");
        var listed = await OkJsonAsync(await admin.GetAsync($"{Admin}/rewards?status=requested"), transcript);
        listed.GetProperty("rewards").EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == reward.Id)
            .GetProperty("maskedCode").GetString().Should().EndWith(code[^4..]).And.StartWith("****");
        (await OkJsonAsync(await MoveAsync(admin, reward.Id, "approve"), transcript)).GetProperty("status").GetString().Should().Be("APPROVED");
        (await OkJsonAsync(await learner.Client.GetAsync($"{ApiCalls.App}/rewards/{reward.Id}"), transcript))
            .TryGetProperty("couponCode", out _).Should().BeFalse("not before FULFILLED");
        (await OkJsonAsync(await MoveAsync(admin, reward.Id, "fulfill"), transcript)).GetProperty("status").GetString().Should().Be("FULFILLED");
        (await OkJsonAsync(await learner.Client.GetAsync($"{ApiCalls.App}/rewards"), transcript)).GetRawText().Should().NotContain("couponCode");
        (await OkJsonAsync(await learner.Client.GetAsync($"{ApiCalls.App}/notifications"), transcript))
            .GetProperty("notifications").EnumerateArray().Select(n => n.GetProperty("title").GetString())
            .Should().BeEquivalentTo("Reward approved", "Your reward is ready");
        var foreign = await other.Client.GetAsync($"{ApiCalls.App}/rewards/{reward.Id}");
        transcript.Add(await foreign.Content.ReadAsStringAsync());
        await foreign.ShouldBeProblemAsync(HttpStatusCode.NotFound, "reward.not_found");

        transcript.Should().NotContain(body => body.Contains(code), "no response before FULFILLED, and none but the owner's, shows the code");
        var mine = await OkJsonAsync(await learner.Client.GetAsync($"{ApiCalls.App}/rewards/{reward.Id}"));
        mine.GetProperty("couponCode").GetString().Should().Be(code);

        var moves = await api.WithDbAsync(db => db.Set<RewardTransition>().AsNoTracking().Where(t => t.RewardId == reward.Id).OrderBy(t => t.At).ToListAsync());
        moves.Select(t => (t.From, t.To, t.ActorKind)).Should().Equal(
            (RewardStatus.Assigned, RewardStatus.Requested, RewardActor.Learner),
            (RewardStatus.Requested, RewardStatus.Approved, RewardActor.Admin),
            (RewardStatus.Approved, RewardStatus.Fulfilled, RewardActor.Admin));
        (await api.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.LearnerId == learner.Id).ToListAsync()))
            .Should().HaveCount(2).And.OnlyContain(m => !m.Payload.Contains(code));
    }

    [Fact]
    public async Task A_reward_of_an_exam_ranked_but_not_published_is_not_shown_to_its_learner_or_claimable()
    {
        var learner = await api.NewLearnerAsync();
        var exam = await api.AddRankedExamAsync(publish: false);
        var reward = Reward.Assign(learner.Id, exam.Id, Guid.NewGuid(), api.Clock.GetUtcNow());
        await api.WithDbAsync(async db =>
        {
            db.Rewards.Add(reward);
            return await db.SaveChangesAsync();
        });

        (await OkJsonAsync(await learner.Client.GetAsync($"{ApiCalls.App}/rewards"))).GetProperty("rewards").GetArrayLength()
            .Should().Be(0, "a prize says where the learner placed, and the results are not out yet");
        await (await learner.Client.GetAsync($"{ApiCalls.App}/rewards/{reward.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "reward.not_found");
        await (await ClaimAsync(learner.Client, reward.Id)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "reward.not_found");
        (await api.Database.CountAsync($"select count(*) from rewards where id = '{reward.Id}' and status = 'Assigned'")).Should().Be(1);
    }

    [Fact]
    public async Task Illegal_moves_get_409_a_missing_reason_400_and_change_nothing()
    {
        var learner = await api.NewLearnerAsync();
        var admin = await AdminAsync();
        var campaign = await admin.CreateCouponCampaignAsync();
        await OkJsonAsync(await ImportAsync(admin, campaign, $"{Guid.NewGuid():N}\n{Guid.NewGuid():N}\n"));
        var reward = await AssignAsync(learner.Id, campaign);

        await (await MoveAsync(admin, reward.Id, "fulfill")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "reward.invalid_transition");
        await (await MoveAsync(admin, reward.Id, "approve")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "reward.invalid_transition");
        await (await MoveAsync(admin, reward.Id, "cancel")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "reward.reason_required");
        await (await MoveAsync(admin, Guid.NewGuid(), "approve")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "reward.not_found");
        (await ClaimAsync(learner.Client, reward.Id)).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await ClaimAsync(learner.Client, reward.Id)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "reward.invalid_transition");
        await (await MoveAsync(admin, reward.Id, "reject", "")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "reward.reason_required");
        await (await MoveAsync(admin, reward.Id, "reject", new string('r', 501))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        (await api.Database.CountAsync($"select count(*) from rewards where id = '{reward.Id}' and status = 'Requested'")).Should().Be(1);

        (await MoveAsync(admin, reward.Id, "reject", "the account was closed")).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await MoveAsync(admin, reward.Id, "cancel", "too late")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "reward.invalid_transition");
        (await api.Database.CountAsync($"select count(*) from coupons where campaign_id = '{campaign}' and status = 'Available'"))
            .Should().Be(2, "a rejected claim gives its coupon back");
        (await api.Database.CountAsync($"select count(*) from reward_transitions where reward_id = '{reward.Id}'")).Should().Be(2);
    }

    [Fact]
    public async Task Two_admins_approving_at_once_one_wins_and_the_other_gets_409()
    {
        var learner = await api.NewLearnerAsync();
        var admins = new[] { await AdminAsync(), await AdminAsync() };
        var campaign = await admins[0].CreateCouponCampaignAsync();
        await OkJsonAsync(await ImportAsync(admins[0], campaign, $"{Guid.NewGuid():N}\n"));
        var reward = await AssignAsync(learner.Id, campaign);
        (await ClaimAsync(learner.Client, reward.Id)).StatusCode.Should().Be(HttpStatusCode.OK);

        var answers = await Task.WhenAll(admins.Select(a => MoveAsync(a, reward.Id, "approve")));

        answers.Count(a => a.StatusCode == HttpStatusCode.OK).Should().Be(1);
        answers.Count(a => a.StatusCode == HttpStatusCode.Conflict).Should().Be(1);
        (await api.Database.CountAsync($"select count(*) from reward_transitions where reward_id = '{reward.Id}' and \"to\" = 'Approved'")).Should().Be(1);
        (await api.Database.CountAsync($"select count(*) from notifications where learner_id = '{learner.Id}'")).Should().Be(1);
    }

    [Fact]
    public async Task Out_of_stock_is_a_clear_409_and_the_reward_stays_claimable()
    {
        var learner = await api.NewLearnerAsync();
        var reward = await AssignAsync(learner.Id, Guid.NewGuid());

        await (await ClaimAsync(learner.Client, reward.Id)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "coupon.out_of_stock");

        (await api.Database.CountAsync($"select count(*) from rewards where id = '{reward.Id}' and status = 'Assigned' and coupon_id is null")).Should().Be(1);
    }

    [Fact]
    public async Task Two_claims_of_one_campaign_take_two_different_coupons()
    {
        var admin = await AdminAsync();
        var campaign = await admin.CreateCouponCampaignAsync();
        await OkJsonAsync(await ImportAsync(admin, campaign, $"{Guid.NewGuid():N}\n{Guid.NewGuid():N}\n"));
        var learners = new[] { await api.NewLearnerAsync(), await api.NewLearnerAsync() };
        var rewards = new[] { await AssignAsync(learners[0].Id, campaign), await AssignAsync(learners[1].Id, campaign) };

        var answers = await Task.WhenAll(learners.Select((l, i) => ClaimAsync(l.Client, rewards[i].Id)));

        answers.Should().OnlyContain(a => a.StatusCode == HttpStatusCode.OK);
        (await api.Database.CountAsync($"select count(distinct coupon_id) from rewards where coupon_campaign_id = '{campaign}'")).Should().Be(2);
        (await api.Database.CountAsync($"select count(*) from coupons where campaign_id = '{campaign}' and status = 'Reserved'")).Should().Be(2);
    }

    [Fact]
    public async Task A_coupon_import_reports_duplicates_and_invalid_lines_by_number_and_never_echoes_a_code()
    {
        var admin = await AdminAsync();
        var campaign = await admin.CreateCouponCampaignAsync();
        var (a, b, c) = ($"A-{Guid.NewGuid():N}", $"B-{Guid.NewGuid():N}", $"C-{Guid.NewGuid():N}");
        await OkJsonAsync(await ImportAsync(admin, campaign, $"{a}\n"));

        var response = await ImportAsync(admin, campaign, $"code\n{b}\n\n{a}\n{b}\n{new string('x', 65)}\n\"{c}\",extra\n");
        var body = await response.Content.ReadAsStringAsync();
        var result = await OkJsonAsync(response);

        result.GetProperty("imported").GetInt32().Should().Be(2);
        result.GetProperty("duplicates").GetInt32().Should().Be(2);
        result.GetProperty("duplicateLines").EnumerateArray().Select(l => l.GetInt32()).Should().Equal(4, 5);
        result.GetProperty("invalidLines").EnumerateArray().Select(l => l.GetInt32()).Should().Equal(6);
        result.GetProperty("available").GetInt32().Should().Be(3);
        body.Should().NotContainAny(a, b, c);
        (await admin.PostAsync($"{Admin}/coupon-campaigns/{campaign}/coupons",
            new StringContent(new string('y', 70_000), Encoding.UTF8, "text/csv"))).StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Devices_move_to_the_newest_learner_and_only_the_owner_removes_one()
    {
        var (first, second) = (await api.NewLearnerAsync(), await api.NewLearnerAsync());
        var token = $"fcm-{Guid.NewGuid():N}:APA91b{Guid.NewGuid():N}";
        var put = (string t, string platform) => JsonContent(new { token = t, platform });

        (await first.Client.PutAsync($"{ApiCalls.App}/devices", put(token, "ios"))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await second.Client.PutAsync($"{ApiCalls.App}/devices", put(token, "android"))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await api.Database.CountAsync($"select count(*) from devices where token = '{token}' and learner_id = '{second.Id}' and platform = 'Android'")).Should().Be(1);

        await (await first.Client.DeleteAsync($"{ApiCalls.App}/devices/{Uri.EscapeDataString(token)}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "device.not_found");
        (await second.Client.DeleteAsync($"{ApiCalls.App}/devices/{Uri.EscapeDataString(token)}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await api.Database.CountAsync($"select count(*) from devices where token = '{token}'")).Should().Be(0);

        await (await first.Client.PutAsync($"{ApiCalls.App}/devices", put(token, "windows"))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        await (await first.Client.PutAsync($"{ApiCalls.App}/devices", put("", "ios"))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        await (await first.Client.PutAsync($"{ApiCalls.App}/devices", put("x", "ios"))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        await (await first.Client.PutAsync($"{ApiCalls.App}/devices", put($"{token} <script>", "ios"))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        (await api.Database.CountAsync($"select count(*) from devices where token = '{token}'")).Should().Be(0);
    }

    [Fact]
    public async Task A_learner_reads_only_their_own_notifications()
    {
        var (owner, other) = (await api.NewLearnerAsync(), await api.NewLearnerAsync());
        var admin = await AdminAsync();
        var reward = await AssignAsync(owner.Id, Guid.NewGuid());
        (await MoveAsync(admin, reward.Id, "cancel", "exam voided")).StatusCode.Should().Be(HttpStatusCode.OK);
        var notification = (await OkJsonAsync(await owner.Client.GetAsync($"{ApiCalls.App}/notifications")))
            .GetProperty("notifications").EnumerateArray().Single();
        var id = notification.GetProperty("id").GetGuid();
        notification.GetProperty("readAt").ValueKind.Should().Be(JsonValueKind.Null);

        await (await other.Client.PostAsync($"{ApiCalls.App}/notifications/{id}/read", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "notification.not_found");
        (await OkJsonAsync(await other.Client.GetAsync($"{ApiCalls.App}/notifications"))).GetProperty("notifications").GetArrayLength().Should().Be(0);
        var read = await OkJsonAsync(await owner.Client.PostAsync($"{ApiCalls.App}/notifications/{id}/read", null));
        read.GetProperty("readAt").ValueKind.Should().Be(JsonValueKind.String);
        await (await owner.Client.GetAsync($"{ApiCalls.App}/notifications?limit=0")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
    }

    private static StringContent JsonContent(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");
}
