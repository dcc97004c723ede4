using LearningPlatform.Domain.Exams;
using LearningPlatform.TestSupport;

namespace LearningPlatform.EndToEndTests;

/// <summary>The platform with the gateway serving the built admin app (web/admin/dist) under /admin/.</summary>
public sealed class AdminAppPlatform : IAsyncLifetime
{
    private readonly int _gatewayPort = TestEnvironment.FreePort();

    public string PublicIssuer => $"http://127.0.0.1:{_gatewayPort}/api/auth/";
    public KestrelIdentityHostFactory Identity { get; private set; } = null!;
    public PublicIssuerLearningApi Api { get; private set; } = null!;
    public GatewayFactory Gateway { get; private set; } = null!;
    public Uri GatewayAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Identity = new KestrelIdentityHostFactory(PublicIssuer);
        await Identity.InitializeAsync();
        // The lesson page PUTs media straight to the bucket: the bucket takes this gateway's origin, the CSP the store's.
        Api = new PublicIssuerLearningApi(PublicIssuer, new Uri(Identity.BaseAddress, "api/auth/.well-known/openid-configuration"),
            $"http://127.0.0.1:{_gatewayPort}");
        await Api.InitializeAsync();
        Gateway = new GatewayFactory(Identity, Api.KestrelAddress!, TestEnvironment.Redis, TestEnvironment.UniqueName("lp:aa") + ":",
            appLimit: 1000, tokenLimit: 1000);
        Gateway.Settings["AdminApp:Path"] = Path.Combine(TestEnvironment.RepositoryRoot(), "web", "admin", "dist");
        Gateway.Settings["AdminApp:ConnectSources:0"] = new Uri(TestEnvironment.S3).GetLeftPart(UriPartial.Authority);
        GatewayAddress = Gateway.StartOnLoopback(_gatewayPort);
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Api.DisposeAsync();
        await Identity.DisposeAsync();
    }
}

/// <summary>
/// The admin app in Chromium (tests/Browser/specs/admin-app.spec.ts): the day's work through the screens, checked in
/// the database afterwards.
/// </summary>
public class AdminAppBrowserTests(AdminAppPlatform platform) : IClassFixture<AdminAppPlatform>
{
    [Fact]
    public async Task In_chromium_an_admin_signs_in_to_the_app_imports_questions_schedules_an_exam_and_ranks_and_publishes_a_contest()
    {
        var api = platform.Api;
        var now = api.Clock.GetUtcNow();
        var contest = Exam.Create("Browser contest", now.AddHours(-3), now.AddHours(-1), TimeSpan.FromMinutes(10), now.AddHours(-4));
        contest.AddQuestion("Question?", 10, [("right", true), ("wrong", false)]);
        contest.Close(now);
        await api.WithDbAsync(async db =>
        {
            db.Exams.Add(contest);
            return await db.SaveChangesAsync();
        });
        await ResultSeed.InsertAsync(api.Database.ConnectionString, contest.Id,
            [new SeededResult(Guid.NewGuid(), 10, 4_000, now.AddHours(-2)), new SeededResult(Guid.NewGuid(), 0, 3_000, now.AddHours(-2))]);
        var stamp = Guid.NewGuid().ToString("N")[..10];

        // The ranking worker runs on the host's fake clock: keep it moving (slowly: tokens and windows are real) while the
        // browser works, bounded by the browser run's own limit.
        using var stop = new CancellationTokenSource(BrowserRun.Limit + TimeSpan.FromSeconds(30));
        var clock = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                api.Clock.Advance(TimeSpan.FromMilliseconds(500));
                await Task.Delay(500, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        });
        BrowserRun.Outcome run;
        try
        {
            run = await BrowserRun.RunAsync("specs/admin-app.spec.ts", new Dictionary<string, string>
            {
                ["LP_BASE_URL"] = platform.GatewayAddress.ToString(),
                ["LP_ADMIN_EMAIL"] = IdentityHostFactory.AdminEmail,
                ["LP_ADMIN_PASSWORD"] = IdentityHostFactory.AdminPassword,
                ["LP_STAMP"] = stamp,
                ["LP_RANK_EXAM_ID"] = contest.Id.ToString(),
            });
        }
        finally
        {
            await stop.CancelAsync();
            await clock;
        }

        run.ExitCode.Should().Be(0, run.Output);
        run.Output.Should().Contain("1 passed", run.Output);
        (await api.Database.CountAsync($"SELECT count(*) FROM question_versions WHERE stem LIKE '%({stamp})?'"))
            .Should().Be(2, "the fixed file's two questions were imported, the refused one's none");
        var scheduled = System.Text.Json.JsonDocument.Parse(run.Result("scheduled-exam")).RootElement.GetProperty("examId").GetString();
        (await api.Database.CountAsync($"SELECT count(*) FROM exams WHERE id = '{scheduled}' AND title = 'Exam {stamp}' AND scheduled_at IS NOT NULL"))
            .Should().Be(1);
        (await api.Database.CountAsync($"SELECT count(*) FROM exams WHERE id = '{contest.Id}' AND ranking_status = 'Published'")).Should().Be(1);
        (await api.Database.CountAsync($"SELECT count(*) FROM standings WHERE exam_id = '{contest.Id}'")).Should().Be(2);
    }
}
