using System.Net;
using System.Text.Json;
using LearningPlatform.TestSupport;
using LearningPlatform.WebApi.IntegrationTests.Content;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LearningPlatform.WebApi.IntegrationTests;

/// <summary>A WebApi whose lag-tolerant reads (ConnectionStrings:LearningDbRead) go to the streaming replica of the test server.</summary>
public sealed class ReplicaApiFactory : LearningApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("ConnectionStrings:LearningDbRead", ReplicaLag.ConnectionString(Database)), new("Ranking:Enabled", "false")];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // The database and its migrations reach the replica before any read is sent there; the instance's start-up check
        // may have run before the replica had the database, so it is checked again.
        await ReplicaLag.CatchUpAsync();
        await this.ReplicaInUseAsync();
    }
}

public static class ReplicaChecks
{
    /// <summary>The replica's own readiness entry (the whole answer also says Redis and S3, which a loaded machine may slow).</summary>
    public static async Task<HealthReportEntry> ReplicaEntryAsync(this LearningApiFactory api) =>
        (await api.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "postgresql-replica")).Entries["postgresql-replica"];

    /// <summary>Checks the replica until it is in use (bounded): a loaded machine may keep it behind for a moment.</summary>
    public static Task ReplicaInUseAsync(this LearningApiFactory api) =>
        RedisServerProcess.WaitUntilAsync(async () => (await api.ReplicaEntryAsync()).Status == HealthStatus.Healthy,
            TimeSpan.FromSeconds(60), "the replica to be in use");
}

/// <summary>
/// Tests that pause the replica's replay (it is one server for the whole test run) run one at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ReplicaReplayCollection
{
    public const string Name = "replica replay";
}

/// <summary>
/// The catalog and the admin lists are read from the replica, so they may lag; every write, and every read a write
/// depends on, goes to the primary, so nothing a learner does waits for the replica. Replay is paused to show which is
/// which: what the replica has not replayed is not in those lists until it catches up.
/// </summary>
[Collection(ReplicaReplayCollection.Name)]
public class ReplicaReadTests(ReplicaApiFactory api) : IClassFixture<ReplicaApiFactory>
{
    private static IEnumerable<Guid> CourseIds(JsonElement body) =>
        body.GetProperty("courses").EnumerateArray().Select(c => c.GetProperty("id").GetGuid());

    [Fact]
    public async Task Admin_lists_and_the_catalog_come_from_the_replica_and_show_a_change_once_it_has_replayed_it()
    {
        var admin = api.ClientWith((await api.Identity.AdminAsync()).AccessToken);
        var learner = await api.NewLearnerAsync();
        Guid course;
        await using (await ReplicaLag.PauseAsync())
        {
            course = (await admin.SendOkAsync(HttpMethod.Post, "/courses", new { title = "Replicated", summary = "Read from the replica" },
                HttpStatusCode.Created)).GetProperty("id").GetGuid();
            await admin.SendOkAsync(HttpMethod.Post, $"/courses/{course}/publish");

            // Written to the primary (the admin's own read of it goes there too)...
            (await admin.SendOkAsync(HttpMethod.Get, $"/courses/{course}")).GetProperty("published").GetBoolean().Should().BeTrue();
            // ...but not yet in what the replica answers.
            CourseIds(await admin.SendOkAsync(HttpMethod.Get, "/courses?limit=100")).Should().NotContain(course);
            (await learner.Client.GetAppOkAsync("/courses?limit=100")).GetProperty("courses").Ids().Should().NotContain(course);
        }

        await ReplicaLag.CatchUpAsync();
        // Polled, bounded: once in a full loaded run the first read after the catch-up still missed the course.
        await RedisServerProcess.WaitUntilAsync(
            async () => CourseIds(await admin.SendOkAsync(HttpMethod.Get, "/courses?limit=100")).Contains(course),
            TimeSpan.FromSeconds(20), "the admin list to show the replicated course");
        // The catalog is cached for Content:CatalogCacheLifetime (5 s) at most, then read again from the replica.
        await RedisServerProcess.WaitUntilAsync(
            async () => (await learner.Client.GetAppOkAsync("/courses?limit=100")).GetProperty("courses").Ids().Contains(course),
            TimeSpan.FromSeconds(20), "the catalog to show the replicated course");
    }

    [Fact]
    public async Task With_the_replica_paused_a_learner_starts_answers_and_completes_an_exam_and_the_admin_lists_lag()
    {
        var exam = await api.AddExamAsync(questions: 2);
        var learner = await api.NewLearnerAsync();
        var admin = api.ClientWith((await api.Identity.AdminAsync()).AccessToken);
        await ReplicaLag.CatchUpAsync();

        await using (await ReplicaLag.PauseAsync())
        {
            // Every step reads what the step before wrote: had any of them read the paused replica, it would not find it.
            var started = await learner.Client.StartOkAsync(exam.Id);
            foreach (var question in started.Questions)
            {
                var response = await learner.Client.AnswerAsync(started.AttemptId, started.AttemptToken, question.Id, question.Choices[0].Id, 1000);
                response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            }

            var complete = await learner.Client.CompleteAsync(started.AttemptId, started.AttemptToken, Guid.NewGuid().ToString());
            complete.StatusCode.Should().Be(HttpStatusCode.OK, await complete.Content.ReadAsStringAsync());
            (await api.Database.CountAsync(
                $"SELECT count(*) FROM attempts WHERE id = '{started.AttemptId}' AND status = 'Completed'")).Should().Be(1);

            var created = (await admin.SendOkAsync(HttpMethod.Post, "/courses", new { title = "Lagging", summary = "Not replayed yet" },
                HttpStatusCode.Created)).GetProperty("id").GetGuid();
            CourseIds(await admin.SendOkAsync(HttpMethod.Get, "/courses?limit=100")).Should().NotContain(created);
        }

        await ReplicaLag.CatchUpAsync();
    }
}

/// <summary>
/// A WebApi reading the streaming replica through a relay the test can cut, and moving off it when it lags more than a
/// second.
/// </summary>
public sealed class ReplicaOutageApiFactory : LearningApiFactory
{
    private TcpOutageProxy? _proxy;
    private string? _proxied;

    public TcpOutageProxy Proxy => _proxy ?? throw new InvalidOperationException("Not initialised.");

    protected override IEnumerable<KeyValuePair<string, string>> Settings
    {
        get
        {
            if (_proxied is null)
            {
                (_proxy, _proxied) = TcpOutageProxy.ForPostgres(ReplicaLag.ConnectionString(Database));
            }

            return [new("ConnectionStrings:LearningDbRead", _proxied), new("Database:ReplicaMaxLag", "00:00:03"), new("Ranking:Enabled", "false")];
        }
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await ReplicaLag.CatchUpAsync();
        await this.ReplicaInUseAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }
    }
}

/// <summary>
/// Decision 125: the replica away or lagging does not take the instance out (readiness answers 200 Degraded, naming it), and
/// the reads it served go to the primary until it is back.
/// </summary>
[Collection(ReplicaReplayCollection.Name)]
public class ReplicaReadinessTests(ReplicaOutageApiFactory api) : IClassFixture<ReplicaOutageApiFactory>
{
    private static IEnumerable<Guid> CourseIds(JsonElement body) =>
        body.GetProperty("courses").EnumerateArray().Select(c => c.GetProperty("id").GetGuid());

    private async Task<string> ReadinessAsync()
    {
        var response = await api.CreateClient().GetAsync("/health/ready");
        response.StatusCode.Should().Be(HttpStatusCode.OK, "a replica away or behind never takes the instance out");
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<HealthStatus> ReplicaStatusAsync() => (await api.ReplicaEntryAsync()).Status;

    [Fact]
    public async Task With_the_replica_down_readiness_is_degraded_and_the_admin_lists_and_catalog_are_read_from_the_primary()
    {
        var admin = api.ClientWith((await api.Identity.AdminAsync()).AccessToken);
        var learner = await api.NewLearnerAsync();
        var logged = api.Logs.Mark;
        api.Proxy.Cut();
        try
        {
            (await ReadinessAsync()).Should().Be("Degraded");
            (await api.ReplicaEntryAsync()).Description.Should().StartWith("the replica does not answer");
            api.Logs.Since(logged).Should().Contain(e => e.Text.Contains("Read replica out of use: the replica does not answer", StringComparison.Ordinal));

            var course = (await admin.SendOkAsync(HttpMethod.Post, "/courses", new { title = "Primary only", summary = "Replica away" },
                HttpStatusCode.Created)).GetProperty("id").GetGuid();
            await admin.SendOkAsync(HttpMethod.Post, $"/courses/{course}/publish");
            CourseIds(await admin.SendOkAsync(HttpMethod.Get, "/courses?limit=100")).Should().Contain(course, "the list comes from the primary");
            (await learner.Client.GetAppOkAsync("/courses?limit=100")).GetProperty("courses").Ids().Should().Contain(course);
        }
        finally
        {
            api.Proxy.Restore();
        }

        await api.ReplicaInUseAsync();
        api.Logs.Since(logged).Should().Contain(e => e.Text.Contains("Read replica back in use", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_replica_cut_between_checks_costs_at_most_the_read_that_found_it_gone()
    {
        var admin = api.ClientWith((await api.Identity.AdminAsync()).AccessToken);
        await api.ReplicaInUseAsync();
        CourseIds(await admin.SendOkAsync(HttpMethod.Get, "/courses?limit=100")); // a pooled connection to the replica
        api.Proxy.Cut();
        try
        {
            var first = await admin.GetAsync("/api/learning/admin/courses?limit=100");
            if (first.StatusCode != HttpStatusCode.OK)
            {
                await first.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, "dependency.unavailable");
            }

            for (var i = 0; i < 3; i++)
            {
                (await admin.GetAsync("/api/learning/admin/courses?limit=100")).StatusCode.Should().Be(HttpStatusCode.OK, "the reads after it go to the primary");
            }
        }
        finally
        {
            api.Proxy.Restore();
        }

        await api.ReplicaInUseAsync();
    }

    [Fact]
    public async Task A_replica_lagging_past_the_limit_is_degraded_and_its_reads_go_to_the_primary_until_it_catches_up()
    {
        var admin = api.ClientWith((await api.Identity.AdminAsync()).AccessToken);
        await ReplicaLag.CatchUpAsync();
        await api.ReplicaInUseAsync();
        Guid lagging, later;
        await using (await ReplicaLag.PauseAsync())
        {
            lagging = (await admin.SendOkAsync(HttpMethod.Post, "/courses", new { title = "Lagging", summary = "Not replayed" },
                HttpStatusCode.Created)).GetProperty("id").GetGuid();
            CourseIds(await admin.SendOkAsync(HttpMethod.Get, "/courses?limit=100")).Should().NotContain(lagging, "read from the replica, behind");

            // Paused replay is lag that grows: past Database:ReplicaMaxLag (3 s here) a check moves the reads to the primary.
            await RedisServerProcess.WaitUntilAsync(async () => await ReplicaStatusAsync() == HealthStatus.Degraded, TimeSpan.FromSeconds(30),
                "the replica to lag past 3 s");
            (await ReadinessAsync()).Should().Be("Degraded");
            (await api.ReplicaEntryAsync()).Description.Should().StartWith("the replica lags");
            CourseIds(await admin.SendOkAsync(HttpMethod.Get, "/courses?limit=100")).Should().Contain(lagging, "read from the primary");
        }

        await ReplicaLag.CatchUpAsync();
        await api.ReplicaInUseAsync();
        await using (await ReplicaLag.PauseAsync())
        {
            later = (await admin.SendOkAsync(HttpMethod.Post, "/courses", new { title = "Later", summary = "Not replayed" },
                HttpStatusCode.Created)).GetProperty("id").GetGuid();
            CourseIds(await admin.SendOkAsync(HttpMethod.Get, "/courses?limit=100")).Should().NotContain(later, "back on the replica");
        }

        await ReplicaLag.CatchUpAsync();
    }
}
