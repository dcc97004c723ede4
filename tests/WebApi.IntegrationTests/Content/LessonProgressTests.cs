using System.Net;
using LearningPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.WebApi.IntegrationTests.Content;

/// <summary>Progress from two phones at once: only forward, the maximum kept, completion recorded once.</summary>
public class LessonProgressTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private async Task<HttpClient> AdminAsync() => api.ClientWith((await api.Identity.AdminAsync()).AccessToken);

    private static async Task<(int Percent, int Position)> StoredAsync(HttpResponseMessage response)
    {
        var body = await response.JsonAsync(HttpStatusCode.OK);
        return (body.GetProperty("percent").GetInt32(), body.GetProperty("position").GetInt32());
    }

    [Fact]
    public async Task Fifty_concurrent_reports_from_two_devices_out_of_order_keep_the_maximum_and_record_completion_once()
    {
        var admin = await AdminAsync();
        var mp4 = await admin.UploadedMp4KeyAsync();
        var course = await admin.CreateCourseAsync("Race course");
        var lesson = await admin.CreateLessonAsync(course, ContentSteps.Video(mp4));
        var tokens = await api.Identity.NewLearnerAsync(displayName: IdentityHostFactory.NewDisplayName());
        HttpClient[] devices = [api.ClientWith(tokens.AccessToken), api.ClientWith(tokens.AccessToken)];
        // 45 reports on the way (0..88 percent) and 5 that complete the lesson at different positions, shuffled: the
        // furthest is (100 percent, position 528).
        var reports = Enumerable.Range(0, 45).Select(i => (Percent: i * 2, Position: i * 13, Completed: false))
            .Concat(Enumerable.Range(0, 5).Select(i => (Percent: 90 + i, Position: 500 + (i * 7), Completed: true)))
            .OrderBy(_ => Random.Shared.Next())
            .ToList();
        var completedAt = api.Clock.GetUtcNow();

        var responses = await Task.WhenAll(reports.Select((r, i) => devices[i % 2].ReportAsync(lesson, r.Percent, r.Position, r.Completed)));

        foreach (var (response, report) in responses.Zip(reports))
        {
            var stored = await StoredAsync(response);
            var sent = (Percent: report.Completed ? 100 : report.Percent, report.Position);
            (stored.Percent > sent.Percent || (stored.Percent == sent.Percent && stored.Position >= sent.Position))
                .Should().BeTrue($"the answer is what is stored, at or ahead of the report: sent {sent}, stored {stored}");
        }

        var row = await api.WithDbAsync(db => db.LessonProgress.AsNoTracking().SingleAsync(p => p.LearnerId == tokens.UserId && p.LessonId == lesson));
        (row.Percent, row.Position).Should().Be((100, 528));
        row.CompletedAt.Should().BeCloseTo(completedAt, TimeSpan.FromMilliseconds(1));

        // Later, older and lower reports and repeated completions from either phone: nothing moves back, and the
        // completion time stays the first one; only a report ahead (a later position at 100) moves the position.
        api.Clock.Advance(TimeSpan.FromMinutes(5));
        var late = Enumerable.Range(0, 20).Select(i => (Percent: i * 5, Position: i, Completed: i % 4 == 0))
            .Append((Percent: 100, Position: 600, Completed: true))
            .OrderBy(_ => Random.Shared.Next())
            .ToList();

        var lateResponses = await Task.WhenAll(late.Select((r, i) => devices[i % 2].ReportAsync(lesson, r.Percent, r.Position, r.Completed)));

        foreach (var response in lateResponses)
        {
            (await StoredAsync(response)).Percent.Should().Be(100);
        }

        var after = await api.WithDbAsync(db => db.LessonProgress.AsNoTracking().Where(p => p.LearnerId == tokens.UserId).ToListAsync());
        after.Should().ContainSingle();
        (after[0].Percent, after[0].Position).Should().Be((100, 600));
        after[0].CompletedAt.Should().Be(row.CompletedAt, "completion is recorded once and never moves");
        after[0].UpdatedAt.Should().BeCloseTo(completedAt.AddMinutes(5), TimeSpan.FromMilliseconds(1));
        var course1 = await devices[0].GetAppOkAsync($"/courses/{course}");
        course1.GetProperty("completedLessons").GetInt32().Should().Be(1);
        course1.GetProperty("continueLessonId").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task A_lower_report_answers_the_stored_progress_and_an_explicit_completion_counts_as_100()
    {
        var admin = await AdminAsync();
        var course = await admin.CreateCourseAsync("Forward only");
        var lesson = await admin.CreateLessonAsync(course, ContentSteps.Article());
        var learner = await api.NewLearnerAsync();

        (await StoredAsync(await learner.Client.ReportAsync(lesson, 70, 0))).Should().Be((70, 0));
        (await StoredAsync(await learner.Client.ReportAsync(lesson, 40, 0))).Should().Be((70, 0), "the other phone was behind");

        var done = await (await learner.Client.ReportAsync(lesson, 80, 0, completed: true)).JsonAsync(HttpStatusCode.OK);

        done.GetProperty("percent").GetInt32().Should().Be(100);
        done.GetProperty("completed").GetBoolean().Should().BeTrue();
        done.GetProperty("completedAt").GetDateTimeOffset().Should().BeCloseTo(api.Clock.GetUtcNow(), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task Bad_progress_is_400_with_field_errors_and_stores_nothing()
    {
        var admin = await AdminAsync();
        var mp4 = await admin.UploadedMp4KeyAsync();
        var course = await admin.CreateCourseAsync("Bad reports");
        var lesson = await admin.CreateLessonAsync(course, ContentSteps.Video(mp4));
        var learner = await api.NewLearnerAsync();

        var outOfRange = await (await learner.Client.ReportAsync(lesson, 101, -1)).JsonAsync(HttpStatusCode.BadRequest);
        outOfRange.GetProperty("code").GetString().Should().Be("validation.failed");
        outOfRange.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo("percent", "position");
        var missing = await (await learner.Client.PutAsync($"{ApiCalls.App}/lessons/{lesson}/progress",
            new StringContent("{}", System.Text.Encoding.UTF8, "application/json"))).JsonAsync(HttpStatusCode.BadRequest);
        missing.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo("percent", "position");
        await (await learner.Client.PutAsync($"{ApiCalls.App}/lessons/{lesson}/progress",
                new StringContent("""{"percent":"50","position":0}""", System.Text.Encoding.UTF8, "application/json")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "request.malformed");

        (await api.WithDbAsync(db => db.LessonProgress.CountAsync(p => p.LearnerId == learner.Id))).Should().Be(0);
    }
}
