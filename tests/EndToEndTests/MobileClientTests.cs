using System.Net;
using System.Text;
using LearningPlatform.Domain.Ranking;
using LearningPlatform.MobileClient;
using LearningPlatform.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace LearningPlatform.EndToEndTests;

/// <summary>
/// The LearningService (real FCM adapter against a fake FCM) behind one gateway on a loopback port: the scripted mobile
/// client (tools/MobileClient) reaches everything through that port only, like a phone.
/// </summary>
public sealed class MobilePlatform : IAsyncLifetime
{
    public KestrelPushLearningApi Api { get; } = new();
    public GatewayFactory Gateway { get; private set; } = null!;
    public Uri GatewayAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Api.InitializeAsync();
        Gateway = new GatewayFactory(await SharedIdentity.GetAsync(), Api.KestrelAddress!, TestEnvironment.Redis,
            TestEnvironment.UniqueName("lp:g") + ":", appLimit: 1_000, tokenLimit: 1_000);
        // A cold token server on a busy machine may take longer than the 2 s default to answer the first introspection.
        Gateway.Settings["Gateway:Introspection:Timeout"] = "00:00:10";
        GatewayAddress = Gateway.StartOnLoopback();
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Api.DisposeAsync();
    }

    /// <summary>A published course with one free ARTICLE lesson, written through the admin API; returns the lesson's id.</summary>
    public async Task<Guid> AddPublishedLessonAsync(HttpClient admin)
    {
        var course = (await admin.SendOkAsync(HttpMethod.Post, "/courses", new { title = "Mobile course", summary = "One article" },
            HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var lesson = (await admin.SendOkAsync(HttpMethod.Post, $"/courses/{course}/lessons",
            new { title = "Read this", kind = "ARTICLE", body = "Hello." }, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await admin.SendOkAsync(HttpMethod.Post, $"/lessons/{lesson}/publish");
        await admin.SendOkAsync(HttpMethod.Post, $"/courses/{course}/publish");
        return lesson;
    }
}

[Trait("Category", "Redis")] // also run on a Redis Cluster (scripts/test.sh)
public class MobileClientTests(MobilePlatform platform) : IClassFixture<MobilePlatform>
{
    [Fact]
    public async Task The_scripted_client_plays_the_whole_app_flow_through_the_gateway_and_the_server_holds_what_it_did()
    {
        var api = platform.Api;
        using var admin = platform.Gateway.Client((await (await SharedIdentity.GetAsync()).AdminAsync()).AccessToken);
        var campaign = await admin.CreateCouponCampaignAsync();
        var exam = await api.AddExamAsync(questions: 3, closesAt: api.Clock.GetUtcNow().AddMinutes(20),
            prizes: PrizeTable.Create(TieRule.ShareEqually, [new PrizeTier(1, 1, LearningPlatform.Domain.Ranking.Prize.CouponOf(campaign))]));
        var lessonId = await platform.AddPublishedLessonAsync(admin);
        (await admin.PostAsync($"{AdminCalls.Admin}/coupon-campaigns/{campaign}/coupons",
            new StringContent($"MOBILE-{Guid.NewGuid():N}"[..20], Encoding.UTF8, "text/csv"))).StatusCode.Should().Be(HttpStatusCode.OK);

        var steps = new Recorder();
        var phoneClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var http = new HttpClient { BaseAddress = platform.GatewayAddress };
        var app = new MobileApp(http, steps, clock: phoneClock);
        var phone = $"fcm:{Guid.NewGuid():N}";
        var said = new List<string>();

        var flow = await LearnerFlow.RunAsync(app, LearnerAccount.Fresh("e2e"), new FlowOptions
        {
            ExamId = exam.Id,
            Choose = q => q.Choices.Single(c => c.Text.StartsWith("right", StringComparison.Ordinal)),
            DeviceToken = phone,
            Platform = "ios",
            Say = said.Add,
        });

        // What the client saw.
        flow.Answered.Should().Be(3);
        flow.Completion.Status.Should().Be("PENDING");
        flow.Result.Status.Should().Be("PENDING");
        flow.Leaderboard.Visibility.Should().Be("COUNT_ONLY");
        flow.Leaderboard.Total.Should().Be(1);
        flow.ClaimedRewards.Should().BeEmpty("nothing is won before the results are published");
        flow.Device.Platform.Should().Be("ios");
        flow.LessonId.Should().Be(lessonId);
        flow.Progress!.Percent.Should().Be(50);
        said.Count(line => line.Contains("question", StringComparison.Ordinal) && line.Contains("arrived", StringComparison.Ordinal))
            .Should().Be(3, "each streamed question is handed out as it arrives");
        steps.Errors().Should().BeEmpty();
        steps.Summaries().Select(s => s.Step).Should().Contain([
            StepNames.Register, StepNames.SignIn, StepNames.Exams, StepNames.Start, StepNames.Questions, StepNames.Answer,
            StepNames.Complete, StepNames.Result, StepNames.Leaderboard, StepNames.Me, StepNames.Rewards, StepNames.Device,
            StepNames.Inbox, StepNames.Courses, StepNames.Course, StepNames.Progress]);
        steps.Summaries().Single(s => s.Step == StepNames.Answer).Calls.Should().Be(3);

        // What the server holds.
        var learner = flow.LearnerId;
        (await api.Database.CountAsync(
            $"select count(*) from attempts where id = '{flow.AttemptId}' and learner_id = '{learner}' and status = 'Completed'")).Should().Be(1);
        (await api.Database.CountAsync($"select count(*) from responses where attempt_id = '{flow.AttemptId}'")).Should().Be(3);
        (await api.Database.CountAsync($"select count(*) from devices where token = '{phone}' and learner_id = '{learner}'")).Should().Be(1);
        (await api.Database.CountAsync(
            $"select count(*) from lesson_progress where lesson_id = '{lessonId}' and learner_id = '{learner}' and percent = 50")).Should().Be(1);

        // Near the access token's expiry (by the phone's clock) the app refreshes before its next call.
        phoneClock.Advance(TimeSpan.FromMinutes(14.5));
        (await app.ListExamsAsync()).Should().Contain(e => e.Id == exam.Id);
        steps.Summaries().Single(s => s.Step == StepNames.Refresh).Calls.Should().Be(1);

        // The window closes; an admin ranks and publishes; the winner's inbox holds the deeplink to the final screen.
        api.Clock.Advance(TimeSpan.FromMinutes(21));
        (await admin.PostAsync($"{AdminCalls.Admin}/rankings/{exam.Id}/run", null)).StatusCode.Should().Be(HttpStatusCode.Accepted);
        await api.DriveUntilAsync(async () => (await admin.GetStringAsync($"{AdminCalls.Admin}/rankings/runs?examId={exam.Id}")).Contains("SUCCEEDED"),
            "the ranking");
        (await admin.PostAsync($"{AdminCalls.Admin}/rankings/{exam.Id}/publish", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        var deeplink = $"learning://exams/{exam.Id}/result";
        await api.DriveUntilAsync(async () => (await app.ListNotificationsAsync()).Any(n => n.Deeplink == deeplink), "the winner's notification");
        var result = await app.OpenDeeplinkAsync(deeplink);
        result.Status.Should().Be("PUBLISHED");
        result.Rank.Should().Be(1);
        result.Score.Should().Be(30);
        result.Participants.Should().Be(1);
        result.Prize!.RewardId.Should().NotBeNull();

        var claimed = await LearnerFlow.ClaimWaitingRewardsAsync(app);
        claimed.Should().ContainSingle().Which.Status.Should().Be("REQUESTED");
        (await api.Database.CountAsync(
            $"select count(*) from rewards where id = '{result.Prize.RewardId}' and learner_id = '{learner}' and status = 'Requested'")).Should().Be(1);
        var inbox = await LearnerFlow.ReadInboxAsync(app);
        inbox.Should().Contain(n => n.Deeplink == deeplink);
        (await api.Database.CountAsync($"select count(*) from notifications where learner_id = '{learner}' and read_at is null")).Should().Be(0);
        steps.Errors().Should().BeEmpty();
    }

    [Fact]
    public async Task A_small_load_run_takes_every_learner_through_the_flow_without_an_error()
    {
        var exam = await platform.Api.AddExamAsync(questions: 4);
        using var admin = platform.Gateway.Client((await (await SharedIdentity.GetAsync()).AdminAsync()).AccessToken);
        await platform.AddPublishedLessonAsync(admin);

        var report = await LoadGenerator.RunAsync(new LoadOptions
        {
            Gateway = platform.GatewayAddress,
            Learners = 5,
            Duration = TimeSpan.FromSeconds(60),
            Concurrency = 5,
            ExamId = exam.Id,
            SourceAddresses = 2,
        });

        report.Format().Should().Contain("errors: none");
        report.Completed.Should().Be(5, report.Format());
        report.FailedFlows.Should().BeEmpty();
        report.Errors.Should().BeEmpty();
        report.RegistrationErrors.Should().BeEmpty();
        report.SourceAddresses.Should().Be(2);
        report.CompletedPerMinute.Should().BePositive();
        report.Steps.Single(s => s.Step == StepNames.Start).Calls.Should().Be(5);
        report.Steps.Single(s => s.Step == StepNames.Answer).Calls.Should().Be(20);
        report.Steps.Should().OnlyContain(s => s.P99Ms >= s.P50Ms && s.Failed == 0);
        (await platform.Api.Database.CountAsync($"select count(*) from attempts where exam_id = '{exam.Id}' and status = 'Completed'")).Should().Be(5);
        (await platform.Api.Database.CountAsync(
            $"select count(*) from responses r join attempts a on a.id = r.attempt_id where a.exam_id = '{exam.Id}'")).Should().Be(20);
    }
}

/// <summary>The client's own rules, without a server.</summary>
public class MobileClientRulesTests
{
    [Theory]
    [InlineData("http://example.com:5000")]
    [InlineData("http://10.0.0.5:5000")]
    [InlineData("http://localhost.example.com")]
    [InlineData("ftp://127.0.0.1")]
    public void The_load_generator_refuses_any_gateway_that_is_not_loopback(string url)
    {
        var options = new LoadOptions { Gateway = new Uri(url), Learners = 1, Duration = TimeSpan.FromSeconds(1) };
        options.Invoking(o => o.Validate()).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => LoopbackOnly.Require(url)).Should().Throw<ArgumentException>();
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000/")]
    [InlineData("http://127.0.0.9:5000/", "http://127.0.0.9:5000/")]
    [InlineData("http://localhost:5000", "http://localhost:5000/")]
    [InlineData("http://[::1]:5000", "http://[::1]:5000/")]
    public void Loopback_gateways_are_accepted(string url, string expected) => LoopbackOnly.Require(url).ToString().Should().Be(expected);

    [Theory]
    [InlineData(0, 10)]
    [InlineData(10_001, 10)]
    [InlineData(10, 0)]
    [InlineData(10, 3_601)]
    public void Learners_and_duration_are_bounded(int learners, int seconds)
    {
        var options = new LoadOptions { Gateway = new Uri("http://127.0.0.1:5000/"), Learners = learners, Duration = TimeSpan.FromSeconds(seconds) };
        options.Invoking(o => o.Validate()).Should().Throw<ArgumentException>();
    }

    [Fact]
    public async Task The_start_response_hands_out_each_question_before_the_body_has_ended()
    {
        var body = """
            {"attemptId":"6f1c1c55-0d8a-4a43-8d5f-4a2b0c2f8e11","attemptToken":"tok.en","expiresAt":"2026-12-01T10:00:00+00:00",
             "resumed":false,"extra":{"nested":[1,2,{"a":"}"}]},"questions":[
              {"id":"11111111-1111-1111-1111-111111111111","number":1,"text":"One \"quoted\" ]}","points":10,
               "choices":[{"id":"21111111-1111-1111-1111-111111111111","text":"a"}]},
              {"id":"12222222-2222-2222-2222-222222222222","number":2,"text":"Two","points":5,"choices":[]}
            ]}
            """u8.ToArray();
        // The second question is only sent once the client has handed out the first (as the server streams row by row).
        var firstSeen = new TaskCompletionSource();
        var stream = new GatedStream(body, "{\"id\":\"1222"u8.ToArray(), firstSeen.Task);

        var questions = await new StartResponseReader(MobileApp.Json).ReadAsync(stream, q =>
        {
            if (q.Number == 1)
            {
                firstSeen.SetResult();
            }
        }, null, CancellationToken.None);

        questions.Select(q => q.Number).Should().Equal(1, 2);
        questions[0].Text.Should().Be("One \"quoted\" ]}");
        questions[0].Choices.Should().ContainSingle().Which.Text.Should().Be("a");
        questions[1].Choices.Should().BeEmpty();
    }

    /// <summary>
    /// A body that arrives a few bytes at a time and stops before <c>marker</c> until <c>gate</c> opens (5 s at most: a
    /// reader that waits for the whole body fails instead of hanging).
    /// </summary>
    private sealed class GatedStream(byte[] bytes, byte[] marker, Task gate) : MemoryStream(bytes)
    {
        private readonly int _split = bytes.AsSpan().IndexOf(marker);

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Position >= _split)
            {
                await gate.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            }

            var most = Position < _split ? Math.Min(7, _split - (int)Position) : 7;
            return await base.ReadAsync(buffer[..Math.Min(buffer.Length, most)], cancellationToken);
        }
    }
}
