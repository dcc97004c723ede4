using System.Net;
using System.Text.Json;
using LearningPlatform.TestSupport;

namespace LearningPlatform.WebApi.IntegrationTests;

public class AdminJobsTests(LearningApiFactory api) : IClassFixture<LearningApiFactory>
{
    [Fact]
    public async Task Admin_sees_the_expiry_sweep_and_its_runs()
    {
        var admin = api.ClientWith((await api.Identity.AdminAsync()).AccessToken);
        var exam = await api.AddExamAsync(duration: TimeSpan.FromMinutes(1));
        var started = await (await api.NewLearnerAsync()).Client.StartOkAsync(exam.Id);

        // The sweep runs every minute of the (fake) clock: let one run pass the attempt's time limit.
        api.Clock.Advance(TimeSpan.FromMinutes(2));
        await RedisServerProcess.WaitUntilAsync(
            async () => await api.Database.CountAsync($"select count(*) from attempts where id = '{started.AttemptId}' and status = 'Expired'") == 1,
            TimeSpan.FromSeconds(15), "the sweep to expire the attempt");

        JsonElement job = default;
        await RedisServerProcess.WaitUntilAsync(async () =>
        {
            var body = await admin.GetStringAsync("/api/learning/admin/jobs");
            job = JsonDocument.Parse(body).RootElement.GetProperty("jobs").EnumerateArray()
                .Single(j => j.GetProperty("name").GetString() == "attempt-expiry");
            return job.GetProperty("lastOutcome").GetString() == "SUCCEEDED" && job.GetProperty("nextRunAt").ValueKind != JsonValueKind.Null;
        }, TimeSpan.FromSeconds(15), "the job status to show the finished run");

        job.GetProperty("schedule").GetString().Should().Be("every 00:01:00");
        job.GetProperty("lastStartedAt").GetDateTimeOffset().Should().BeOnOrBefore(job.GetProperty("lastFinishedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task The_dashboard_shows_when_the_nightly_ranking_runs_next_and_how_many_contests_it_will_rank()
    {
        var admin = api.ClientWith((await api.Identity.AdminAsync()).AccessToken);
        async Task<JsonElement> NextAsync() => JsonDocument.Parse(await admin.GetStringAsync("/api/learning/admin/jobs")).RootElement.GetProperty("nextRanking").Clone();
        var before = await NextAsync();
        var at = before.GetProperty("at").GetDateTimeOffset();
        at.Should().BeAfter(api.Clock.GetUtcNow());

        await api.AddExamAsync(closesAt: at.AddMinutes(-1));
        await api.AddExamAsync(closesAt: at.AddMinutes(1));

        var after = await NextAsync();
        after.GetProperty("examsDue").GetInt32().Should().Be(before.GetProperty("examsDue").GetInt32() + 1, "only the contest ended by then is due");
        JsonDocument.Parse(await admin.GetStringAsync("/api/learning/admin/jobs")).RootElement.GetProperty("outbox")
            .TryGetProperty("deadLettered", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Learner_token_on_an_admin_route_is_forbidden()
    {
        var learner = await api.NewLearnerAsync();
        await (await learner.Client.GetAsync("/api/learning/admin/jobs")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
    }

    [Fact]
    public async Task Admin_route_without_a_token_is_unauthorized() =>
        await (await api.CreateClient().GetAsync("/api/learning/admin/jobs")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "auth.unauthenticated");

    [Fact]
    public void Plain_http_token_metadata_while_https_is_required_fails_at_start_up()
    {
        using var misconfigured = new MisconfiguredAuthFactory();
        FluentActions.Invoking(() => misconfigured.Server).Should().Throw<InvalidOperationException>().WithMessage("*RequireHttpsMetadata*");
    }

    private sealed class MisconfiguredAuthFactory : Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<WebApiHost>
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            builder.UseSetting("ConnectionStrings:LearningDb", "Host=127.0.0.1;Database=unused");
            builder.UseSetting("Auth:Authority", "http://127.0.0.1:9/api/auth/");
            builder.UseSetting("Auth:RequireHttpsMetadata", "true");
        }
    }
}
