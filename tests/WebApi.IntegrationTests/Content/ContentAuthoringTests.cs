using System.Net;
using System.Text.Json;
using LearningPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.WebApi.IntegrationTests.Content;

/// <summary>Courses and lessons through the admin API: checked input, publish rules, order, deletion, the audit log.</summary>
public class ContentAuthoringTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private async Task<HttpClient> AdminAsync() => api.ClientWith((await api.Identity.AdminAsync()).AccessToken);

    private static async Task<IEnumerable<string>> FieldErrorsAsync(HttpResponseMessage response, string code = "validation.failed")
    {
        var problem = await response.JsonAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("code").GetString().Should().Be(code);
        return problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
    }

    private static async Task<List<string>> ActionsAsync(HttpClient admin, string entity, Guid id) =>
        [.. (await admin.SendOkAsync(HttpMethod.Get, $"/audit?entity={entity}&id={id}")).GetProperty("entries").EnumerateArray()
            .Select(e => e.GetProperty("action").GetString()!)];

    [Fact]
    public async Task Bad_course_and_lesson_input_is_400_with_field_errors_and_changes_nothing()
    {
        var admin = await AdminAsync();
        var mp4 = await admin.UploadedMp4KeyAsync();
        var courses = await api.WithDbAsync(db => db.Courses.CountAsync());

        (await FieldErrorsAsync(await admin.SendAsync(HttpMethod.Post, "/courses", new { title = " ", coverImageKey = "covers/no spaces.png" })))
            .Should().BeEquivalentTo("title", "coverImageKey");
        (await api.WithDbAsync(db => db.Courses.CountAsync())).Should().Be(courses);

        var course = await admin.CreateCourseAsync("Checked input", publish: false);
        var video = ContentSteps.Video(mp4, "Checked");
        video["mediaKey"] = "videos/a b.mp4";
        video["mediaContentType"] = "application/pdf";
        video["pageCount"] = 3;
        (await FieldErrorsAsync(await admin.SendAsync(HttpMethod.Post, $"/courses/{course}/lessons", video)))
            .Should().BeEquivalentTo("mediaKey", "mediaContentType", "pageCount");
        (await FieldErrorsAsync(await admin.SendAsync(HttpMethod.Post, $"/courses/{course}/lessons", new { title = "No kind" })))
            .Should().BeEquivalentTo("kind");
        var longKey = ContentSteps.Video(mp4);
        longKey["mediaKey"] = new string('k', 513);
        (await FieldErrorsAsync(await admin.SendAsync(HttpMethod.Post, $"/courses/{course}/lessons", longKey))).Should().BeEquivalentTo("mediaKey");
        var quicktime = ContentSteps.Video(mp4);
        quicktime["mediaContentType"] = "video/quicktime";
        (await FieldErrorsAsync(await admin.SendAsync(HttpMethod.Post, $"/courses/{course}/lessons", quicktime))).Should().BeEquivalentTo("mediaContentType");
        (await api.WithDbAsync(db => db.Lessons.CountAsync(l => l.CourseId == course))).Should().Be(0);

        var lesson = await admin.CreateLessonAsync(course, ContentSteps.Video(mp4, "Kept as it was"), publish: false);
        var before = await admin.SendOkAsync(HttpMethod.Get, $"/lessons/{lesson}");
        var bad = ContentSteps.Video(mp4, "");
        bad["durationSeconds"] = 0;
        (await FieldErrorsAsync(await admin.SendAsync(HttpMethod.Put, $"/lessons/{lesson}", bad))).Should().BeEquivalentTo("title", "durationSeconds");
        (await admin.SendOkAsync(HttpMethod.Get, $"/lessons/{lesson}")).GetRawText().Should().Be(before.GetRawText());
        (await FieldErrorsAsync(await admin.SendAsync(HttpMethod.Post, "/courses/order", new { courseIds = new[] { course } })))
            .Should().Equal("courseIds");
        (await FieldErrorsAsync(await admin.SendAsync(HttpMethod.Post, $"/courses/{course}/lessons/order", new { lessonIds = new[] { lesson, lesson } })))
            .Should().Equal("lessonIds");
        (await ActionsAsync(admin, "LESSON", lesson)).Should().Equal("created");
    }

    [Fact]
    public async Task A_lesson_is_published_only_when_complete_and_stays_complete_while_published()
    {
        var admin = await AdminAsync();
        var mp4 = await admin.UploadedMp4KeyAsync();
        var course = await admin.CreateCourseAsync("Publish rules");
        var empty = await admin.CreateLessonAsync(course, new { title = "No media yet", kind = "VIDEO" }, publish: false);

        (await FieldErrorsAsync(await admin.SendAsync(HttpMethod.Post, $"/lessons/{empty}/publish"), "lesson.not_publishable"))
            .Should().BeEquivalentTo("mediaKey", "durationSeconds");
        (await admin.SendOkAsync(HttpMethod.Get, $"/lessons/{empty}")).GetProperty("published").GetBoolean().Should().BeFalse();

        // Only a completed upload's key: anything else (a key typed by hand, another type) is 422 and changes nothing.
        await (await admin.SendAsync(HttpMethod.Put, $"/lessons/{empty}", ContentSteps.Video("media/never-uploaded.mp4", "Unchecked")))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "media.not_completed");
        var asPdf = ContentSteps.Video(mp4, "Wrong type");
        asPdf["kind"] = "PDF";
        asPdf["mediaContentType"] = "application/pdf";
        asPdf["durationSeconds"] = null;
        asPdf["pageCount"] = 3;
        await (await admin.SendAsync(HttpMethod.Put, $"/lessons/{empty}", asPdf)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "media.not_completed");
        (await admin.SendOkAsync(HttpMethod.Get, $"/lessons/{empty}")).GetProperty("title").GetString().Should().Be("No media yet");
        await admin.SendOkAsync(HttpMethod.Put, $"/lessons/{empty}", ContentSteps.Video(mp4, "Now complete"));
        (await admin.SendOkAsync(HttpMethod.Post, $"/lessons/{empty}/publish")).GetProperty("published").GetBoolean().Should().BeTrue();
        await (await admin.SendAsync(HttpMethod.Post, $"/lessons/{empty}/publish")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "lesson.already_published");
        (await FieldErrorsAsync(await admin.SendAsync(HttpMethod.Put, $"/lessons/{empty}", new { title = "Media dropped", kind = "VIDEO" }), "lesson.not_publishable"))
            .Should().BeEquivalentTo("mediaKey", "durationSeconds");
        (await admin.SendOkAsync(HttpMethod.Get, $"/lessons/{empty}")).GetProperty("mediaKey").GetString().Should().Be(mp4);
        await (await admin.SendAsync(HttpMethod.Post, $"/courses/{course}/publish")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "course.already_published");
    }

    [Fact]
    public async Task Unknown_ids_are_404()
    {
        var admin = await AdminAsync();
        var id = Guid.NewGuid();

        foreach (var (method, path, body) in new (HttpMethod, string, object?)[]
                 {
                     (HttpMethod.Get, $"/courses/{id}", null), (HttpMethod.Put, $"/courses/{id}", new { title = "x" }), (HttpMethod.Delete, $"/courses/{id}", null),
                     (HttpMethod.Post, $"/courses/{id}/publish", null), (HttpMethod.Post, $"/courses/{id}/unpublish", null),
                     (HttpMethod.Get, $"/courses/{id}/lessons", null), (HttpMethod.Post, $"/courses/{id}/lessons", ContentSteps.Article()),
                     (HttpMethod.Post, $"/courses/{id}/lessons/order", new { lessonIds = new[] { Guid.NewGuid() } }),
                 })
        {
            await (await admin.SendAsync(method, path, body)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "course.not_found");
        }

        foreach (var (method, path, body) in new (HttpMethod, string, object?)[]
                 {
                     (HttpMethod.Get, $"/lessons/{id}", null), (HttpMethod.Put, $"/lessons/{id}", ContentSteps.Article()), (HttpMethod.Delete, $"/lessons/{id}", null),
                     (HttpMethod.Post, $"/lessons/{id}/publish", null), (HttpMethod.Post, $"/lessons/{id}/unpublish", null),
                 })
        {
            await (await admin.SendAsync(method, path, body)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "lesson.not_found");
        }
    }

    [Fact]
    public async Task Ordering_publishing_and_deleting_are_audited_and_only_unpublished_content_is_deleted()
    {
        var admin = await AdminAsync();
        var mp4 = await admin.UploadedMp4KeyAsync();
        var tokens = await api.Identity.AdminAsync();
        var first = await admin.CreateCourseAsync("First course");
        var second = await admin.CreateCourseAsync("Second course");
        var one = await admin.CreateLessonAsync(first, ContentSteps.Video(mp4, "One"));
        var two = await admin.CreateLessonAsync(first, ContentSteps.Article("Two"));
        var learner = (await api.NewLearnerAsync()).Client;

        await admin.SendOkAsync(HttpMethod.Post, $"/courses/{first}/lessons/order", new { lessonIds = new[] { two, one } }, HttpStatusCode.NoContent);
        var all = (await admin.SendOkAsync(HttpMethod.Get, "/courses?limit=100")).GetProperty("courses").Ids().ToList();
        var order = all.Where(c => c != first && c != second).Prepend(first).Prepend(second).ToList();
        await admin.SendOkAsync(HttpMethod.Post, "/courses/order", new { courseIds = order }, HttpStatusCode.NoContent);

        (await admin.SendOkAsync(HttpMethod.Get, "/courses?limit=100")).GetProperty("courses").Ids().Should().Equal(order);
        (await admin.SendOkAsync(HttpMethod.Get, $"/courses/{first}/lessons")).GetProperty("lessons").Ids().Should().Equal(two, one);
        (await learner.GetAppOkAsync("/courses?limit=100")).GetProperty("courses").Ids().Take(2).Should().Equal(second, first);
        var course = await learner.GetAppOkAsync($"/courses/{first}");
        course.GetProperty("lessons").Ids().Should().Equal(two, one);
        course.GetProperty("continueLessonId").GetGuid().Should().Be(two);

        await (await admin.SendAsync(HttpMethod.Delete, $"/lessons/{one}")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "lesson.still_published");
        await (await admin.SendAsync(HttpMethod.Delete, $"/courses/{first}")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "course.still_published");
        (await learner.ReportAsync(one, 30, 100)).StatusCode.Should().Be(HttpStatusCode.OK);
        await admin.SendOkAsync(HttpMethod.Post, $"/lessons/{one}/unpublish");
        await admin.SendOkAsync(HttpMethod.Delete, $"/lessons/{one}", expected: HttpStatusCode.NoContent);
        await admin.SendOkAsync(HttpMethod.Post, $"/courses/{first}/unpublish");
        await admin.SendOkAsync(HttpMethod.Delete, $"/courses/{first}", expected: HttpStatusCode.NoContent);

        await (await admin.SendAsync(HttpMethod.Get, $"/lessons/{two}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "lesson.not_found");
        (await api.WithDbAsync(db => db.LessonProgress.CountAsync(p => p.LessonId == one))).Should().Be(0, "a deleted lesson's progress goes with it");
        (await ActionsAsync(admin, "COURSE", first)).Should().ContainInOrder("deleted", "unpublished", "lessons_reordered", "published", "created");
        (await ActionsAsync(admin, "LESSON", one)).Should().Equal("deleted", "unpublished", "published", "created");
        var moved = (await admin.SendOkAsync(HttpMethod.Get, $"/audit?entity=COURSE&id={second}")).GetProperty("entries")[0];
        moved.GetProperty("action").GetString().Should().Be("reordered");
        moved.GetProperty("details").GetProperty("sortOrder").GetInt32().Should().Be(0);
        moved.GetProperty("actorId").GetGuid().Should().Be(tokens.UserId);
        var reorder = (await admin.SendOkAsync(HttpMethod.Get, $"/audit?entity=COURSE&id={first}")).GetProperty("entries").EnumerateArray()
            .Single(e => e.GetProperty("action").GetString() == "lessons_reordered");
        reorder.GetProperty("details").GetProperty("lessonIds").EnumerateArray().Select(e => e.GetGuid()).Should().Equal(two, one);
    }

    [Fact]
    public async Task A_learner_token_on_every_content_admin_route_is_403()
    {
        var learner = await api.NewLearnerAsync();
        var id = Guid.NewGuid();
        var routes = new (HttpMethod, string)[]
        {
            (HttpMethod.Get, "/courses"), (HttpMethod.Post, "/courses"), (HttpMethod.Get, $"/courses/{id}"), (HttpMethod.Put, $"/courses/{id}"),
            (HttpMethod.Delete, $"/courses/{id}"), (HttpMethod.Post, $"/courses/{id}/publish"), (HttpMethod.Post, $"/courses/{id}/unpublish"),
            (HttpMethod.Post, "/courses/order"), (HttpMethod.Get, $"/courses/{id}/lessons"), (HttpMethod.Post, $"/courses/{id}/lessons"),
            (HttpMethod.Post, $"/courses/{id}/lessons/order"), (HttpMethod.Get, $"/lessons/{id}"), (HttpMethod.Put, $"/lessons/{id}"),
            (HttpMethod.Delete, $"/lessons/{id}"), (HttpMethod.Post, $"/lessons/{id}/publish"), (HttpMethod.Post, $"/lessons/{id}/unpublish"),
        };

        foreach (var (method, path) in routes)
        {
            (await learner.Client.SendAsync(method, path, new { })).StatusCode.Should().Be(HttpStatusCode.Forbidden, $"{method} {path}");
        }
    }
}
