using System.Net;
using System.Text.Json;
using LearningPlatform.TestSupport;
using LearningPlatform.WebApi.IntegrationTests.Content;

namespace LearningPlatform.WebApi.IntegrationTests;

/// <summary>A WebApi whose lag-tolerant reads (ConnectionStrings:LearningDbRead) go to the streaming replica of the test server.</summary>
public sealed class ReplicaApiFactory : LearningApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("ConnectionStrings:LearningDbRead", ReplicaLag.ConnectionString(Database)), new("Ranking:Enabled", "false")];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // The database and its migrations reach the replica before any read is sent there.
        await ReplicaLag.CatchUpAsync();
    }
}

/// <summary>
/// The catalog and the admin lists are read from the replica, so they may lag; every write, and every read a write
/// depends on, goes to the primary, so nothing a learner does waits for the replica. Replay is paused to show which is
/// which: what the replica has not replayed is not in those lists until it catches up.
/// </summary>
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
        CourseIds(await admin.SendOkAsync(HttpMethod.Get, "/courses?limit=100")).Should().Contain(course);
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
