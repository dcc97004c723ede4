using System.Net;
using System.Text;
using System.Text.Json;
using Amazon.S3;
using LearningPlatform.Domain.Ranking;
using LearningPlatform.MobileClient;
using LearningPlatform.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace LearningPlatform.EndToEndTests;

/// <summary>
/// The admin app in Chromium on the reward queue (a reward the scripted mobile client won and claimed) and on a lesson's
/// media upload (straight to the object store), each checked in the database (and the bucket) afterwards.
/// </summary>
public class AdminAppQueueAndMediaBrowserTests(AdminAppPlatform platform) : IClassFixture<AdminAppPlatform>
{
    [Fact]
    public async Task In_chromium_an_admin_approves_with_a_reason_and_fulfils_the_coupon_a_learner_won_and_claimed_from_the_mobile_client()
    {
        var api = platform.Api;
        using var admin = platform.Gateway.Client((await platform.Identity.AdminAsync()).AccessToken);
        var campaign = await admin.CreateCouponCampaignAsync();
        var exam = await api.AddExamAsync(questions: 2, closesAt: api.Clock.GetUtcNow().AddMinutes(20),
            prizes: PrizeTable.Create(TieRule.ShareEqually, [new PrizeTier(1, 1, LearningPlatform.Domain.Ranking.Prize.CouponOf(campaign))]));
        (await admin.PostAsync($"{AdminCalls.Admin}/coupon-campaigns/{campaign}/coupons",
            new StringContent($"BROWSER-{Guid.NewGuid():N}"[..20], Encoding.UTF8, "text/csv"))).StatusCode.Should().Be(HttpStatusCode.OK);

        // The learner, through the gateway like a phone: takes the exam and answers right.
        using var http = new HttpClient { BaseAddress = platform.GatewayAddress };
        var app = new MobileApp(http);
        var flow = await LearnerFlow.RunAsync(app, LearnerAccount.Fresh("queue"), new FlowOptions
        {
            ExamId = exam.Id,
            Choose = q => q.Choices.Single(c => c.Text.StartsWith("right", StringComparison.Ordinal)),
        });
        flow.Answered.Should().Be(2);

        // The window closes; the ranking runs (on the host's fake clock) and is published: the winner's coupon waits.
        api.Clock.Advance(TimeSpan.FromMinutes(21));
        (await admin.PostAsync($"{AdminCalls.Admin}/rankings/{exam.Id}/run", null)).StatusCode.Should().Be(HttpStatusCode.Accepted);
        await DriveUntilAsync(async () => (await admin.GetStringAsync($"{AdminCalls.Admin}/rankings/runs?examId={exam.Id}")).Contains("SUCCEEDED"),
            "the ranking");
        (await admin.PostAsync($"{AdminCalls.Admin}/rankings/{exam.Id}/publish", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        await DriveUntilAsync(async () => (await app.ListRewardsAsync()).Any(r => r.Status == "ASSIGNED"), "the winner's reward");
        var claimed = (await LearnerFlow.ClaimWaitingRewardsAsync(app)).Should().ContainSingle().Subject;
        claimed.Status.Should().Be("REQUESTED");

        var reason = $"Checked the winner {Guid.NewGuid():N}"[..30];
        var run = await BrowserRun.RunAsync("specs/reward-queue.spec.ts", new Dictionary<string, string>
        {
            ["LP_BASE_URL"] = platform.GatewayAddress.ToString(),
            ["LP_ADMIN_EMAIL"] = IdentityHostFactory.AdminEmail,
            ["LP_ADMIN_PASSWORD"] = IdentityHostFactory.AdminPassword,
            ["LP_REWARD_ID"] = claimed.Id.ToString(),
            ["LP_REASON"] = reason,
        });

        run.ExitCode.Should().Be(0, run.Output);
        run.Output.Should().Contain("1 passed", run.Output);
        (await api.Database.CountAsync(
            $"select count(*) from rewards where id = '{claimed.Id}' and learner_id = '{flow.LearnerId}' and status = 'Fulfilled'")).Should().Be(1);
        (await api.Database.CountAsync(
            $"select count(*) from reward_transitions where reward_id = '{claimed.Id}' and \"from\" = 'Requested' and \"to\" = 'Approved' and reason = '{reason}'"))
            .Should().Be(1, "the approval is recorded with the admin's reason");
        (await api.Database.CountAsync(
            $"select count(*) from reward_transitions where reward_id = '{claimed.Id}' and \"from\" = 'Approved' and \"to\" = 'Fulfilled' and reason = '{reason} (sent)'"))
            .Should().Be(1);
        (await app.ListRewardsAsync()).Single(r => r.Id == claimed.Id).Status.Should().Be("FULFILLED", "the learner sees it too");
    }

    [Fact]
    public async Task In_chromium_an_admin_creates_a_lesson_and_uploads_its_media_straight_to_the_object_store()
    {
        var api = platform.Api;
        var stamp = Guid.NewGuid().ToString("N")[..10];

        var run = await BrowserRun.RunAsync("specs/lesson-media.spec.ts", new Dictionary<string, string>
        {
            ["LP_BASE_URL"] = platform.GatewayAddress.ToString(),
            ["LP_ADMIN_EMAIL"] = IdentityHostFactory.AdminEmail,
            ["LP_ADMIN_PASSWORD"] = IdentityHostFactory.AdminPassword,
            ["LP_STAMP"] = stamp,
        });

        run.ExitCode.Should().Be(0, run.Output);
        run.Output.Should().Contain("1 passed", run.Output);
        var uploaded = JsonDocument.Parse(run.Result("lesson-media")).RootElement;
        var lessonId = uploaded.GetProperty("lessonId").GetString();
        var mediaKey = uploaded.GetProperty("mediaKey").GetString()!;
        (await api.Database.CountAsync(
            $"select count(*) from lessons where id = '{lessonId}' and title = 'Lesson {stamp}' and media_key = '{mediaKey}'")).Should().Be(1);
        (await api.Database.CountAsync(
            $"select count(*) from media_uploads where media_key = '{mediaKey}' and status = 'Completed' and content_type = 'image/png' and file_name = 'cover-{stamp}.png'"))
            .Should().Be(1);
        var s3 = api.Services.GetRequiredService<IAmazonS3>();
        var stored = await s3.GetObjectMetadataAsync(api.Bucket, mediaKey);
        stored.ContentLength.Should().Be(uploaded.GetProperty("size").GetInt64(), "the browser's bytes are in the bucket");
    }

    /// <summary>Moves the host's fake clock (the workers wait on it) until <paramref name="done"/>, for at most a minute.</summary>
    private async Task DriveUntilAsync(Func<Task<bool>> done, string what)
    {
        for (var i = 0; i < 120; i++)
        {
            if (await done())
            {
                return;
            }

            platform.Api.Clock.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(500);
        }

        throw new TimeoutException($"Waited a minute for {what}.");
    }
}
