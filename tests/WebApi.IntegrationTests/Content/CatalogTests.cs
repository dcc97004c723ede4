using System.Net;
using System.Text.Json;
using LearningPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.WebApi.IntegrationTests.Content;

/// <summary>What learners see of the catalog: only what is published, fresh after every admin change, with ETags.</summary>
public class CatalogTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private async Task<HttpClient> AdminAsync() => api.ClientWith((await api.Identity.AdminAsync()).AccessToken);

    [Fact]
    public async Task A_learner_never_sees_unpublished_courses_or_lessons()
    {
        var admin = await AdminAsync();
        var mp4 = await admin.UploadedMp4KeyAsync();
        var hidden = await admin.CreateCourseAsync("Hidden course", publish: false);
        var lessonOfHidden = await admin.CreateLessonAsync(hidden, ContentSteps.Video(mp4, "Published, in a hidden course"));
        var shown = await admin.CreateCourseAsync("Shown course");
        var draft = await admin.CreateLessonAsync(shown, ContentSteps.Video(mp4, "Draft lesson"), publish: false);
        var live = await admin.CreateLessonAsync(shown, ContentSteps.Article("Live lesson"));
        var learner = (await api.NewLearnerAsync()).Client;

        var courses = (await learner.GetAppOkAsync("/courses?limit=100")).GetProperty("courses");
        courses.Ids().Should().Contain(shown).And.NotContain(hidden);
        courses.EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == shown).GetProperty("lessonCount").GetInt32().Should().Be(1);
        (await learner.GetAppOkAsync($"/courses/{shown}")).GetProperty("lessons").Ids().Should().Equal(live);
        await (await learner.GetAppAsync($"/courses/{hidden}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "course.not_found");
        await (await learner.GetAppAsync($"/lessons/{lessonOfHidden}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "lesson.not_found");
        await (await learner.GetAppAsync($"/lessons/{draft}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "lesson.not_found");
        await (await learner.ReportAsync(draft, 10, 5)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "lesson.not_found");
        await (await learner.ReportAsync(lessonOfHidden, 10, 5)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "lesson.not_found");
        await (await learner.GetAppAsync($"/courses/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "course.not_found");
        (await learner.GetAppOkAsync($"/lessons/{live}")).GetProperty("title").GetString().Should().Be("Live lesson");

        // Unpublishing takes it away at the next read: the lesson, then the whole course.
        await admin.SendOkAsync(HttpMethod.Post, $"/lessons/{live}/unpublish");
        await (await learner.GetAppAsync($"/lessons/{live}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "lesson.not_found");
        (await learner.GetAppOkAsync($"/courses/{shown}")).GetProperty("lessons").GetArrayLength().Should().Be(0);
        await admin.SendOkAsync(HttpMethod.Post, $"/lessons/{live}/publish");
        await admin.SendOkAsync(HttpMethod.Post, $"/courses/{shown}/unpublish");
        (await learner.GetAppOkAsync("/courses?limit=100")).GetProperty("courses").Ids().Should().NotContain(shown);
        await (await learner.GetAppAsync($"/courses/{shown}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "course.not_found");
        await (await learner.GetAppAsync($"/lessons/{live}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "lesson.not_found");
        (await api.WithDbAsync(db => db.LessonProgress.CountAsync(p => p.LessonId == draft || p.LessonId == lessonOfHidden))).Should().Be(0);
    }

    [Fact]
    public async Task The_catalog_answers_its_ETag_with_304_and_has_a_new_one_after_an_admin_edit_or_the_learners_own_progress()
    {
        var admin = await AdminAsync();
        var mp4 = await admin.UploadedMp4KeyAsync();
        var course = await admin.CreateCourseAsync("Tagged course");
        var first = await admin.CreateLessonAsync(course, ContentSteps.Video(mp4, "First"));
        await admin.CreateLessonAsync(course, ContentSteps.Article("Second"));
        var learner = (await api.NewLearnerAsync()).Client;
        var other = (await api.NewLearnerAsync()).Client;

        var read = await learner.GetAppAsync($"/courses/{course}");
        read.StatusCode.Should().Be(HttpStatusCode.OK);
        var etag = read.Headers.ETag!.Tag;
        read.Headers.CacheControl!.Private.Should().BeTrue();
        read.Headers.CacheControl.NoCache.Should().BeTrue();

        var notModified = await learner.GetAppAsync($"/courses/{course}", etag);
        notModified.StatusCode.Should().Be(HttpStatusCode.NotModified);
        notModified.Headers.ETag!.Tag.Should().Be(etag);
        (await notModified.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
        (await learner.GetAppAsync($"/courses/{course}", $"W/{etag}")).StatusCode.Should().Be(HttpStatusCode.NotModified, "If-None-Match compares weakly");
        (await learner.GetAppAsync($"/courses/{course}", $"\"other\", {etag}")).StatusCode.Should().Be(HttpStatusCode.NotModified);
        (await learner.GetAppAsync($"/courses/{course}", "\"other\"")).StatusCode.Should().Be(HttpStatusCode.OK);

        // Someone else's progress is not in my body: still 304. My own is: a new tag.
        (await other.ReportAsync(first, 50, 30)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await learner.GetAppAsync($"/courses/{course}", etag)).StatusCode.Should().Be(HttpStatusCode.NotModified);
        (await learner.ReportAsync(first, 50, 30)).StatusCode.Should().Be(HttpStatusCode.OK);
        var afterProgress = await learner.GetAppAsync($"/courses/{course}", etag);
        afterProgress.StatusCode.Should().Be(HttpStatusCode.OK);
        var progressTag = afterProgress.Headers.ETag!.Tag;
        progressTag.Should().NotBe(etag);
        (await afterProgress.JsonAsync(HttpStatusCode.OK)).GetProperty("lessons")[0].GetProperty("progress").GetProperty("percent").GetInt32().Should().Be(50);
        (await learner.GetAppAsync($"/courses/{course}", progressTag)).StatusCode.Should().Be(HttpStatusCode.NotModified);

        // An admin edit: a new tag, and the new title in the body.
        await admin.SendOkAsync(HttpMethod.Put, $"/courses/{course}", new { title = "Renamed course" });
        var afterEdit = await learner.GetAppAsync($"/courses/{course}", progressTag);
        (await afterEdit.JsonAsync(HttpStatusCode.OK)).GetProperty("title").GetString().Should().Be("Renamed course");
        afterEdit.Headers.ETag!.Tag.Should().NotBe(progressTag);

        // The list: its tag moves when a lesson is completed (completedLessons), not when a percent moves.
        var list = await learner.GetAppAsync("/courses?limit=100");
        var listTag = list.Headers.ETag!.Tag;
        (await learner.ReportAsync(first, 60, 40)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await learner.GetAppAsync("/courses?limit=100", listTag)).StatusCode.Should().Be(HttpStatusCode.NotModified);
        (await learner.ReportAsync(first, 100, 600)).StatusCode.Should().Be(HttpStatusCode.OK);
        var completed = await learner.GetAppAsync("/courses?limit=100", listTag);
        completed.StatusCode.Should().Be(HttpStatusCode.OK);
        (await completed.JsonAsync(HttpStatusCode.OK)).GetProperty("courses").EnumerateArray()
            .Single(c => c.GetProperty("id").GetGuid() == course).GetProperty("completedLessons").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task The_catalog_is_served_from_the_cache_and_an_admin_change_shows_at_the_next_read()
    {
        var admin = await AdminAsync();
        var mp4 = await admin.UploadedMp4KeyAsync();
        var course = await admin.CreateCourseAsync("Before");
        var first = await admin.CreateLessonAsync(course, ContentSteps.Video(mp4, "One"));
        var learner = (await api.NewLearnerAsync()).Client;
        api.Clock.Advance(TimeSpan.FromSeconds(1));
        (await learner.GetAppOkAsync($"/courses/{course}")).GetProperty("title").GetString().Should().Be("Before");

        // Changed behind the API's back: nothing drops the cached catalog, so learners still read the cached one.
        await api.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE courses SET title = 'Changed behind the API' WHERE id = {course}"));
        (await learner.GetAppOkAsync($"/courses/{course}")).GetProperty("title").GetString().Should().Be("Before", "the catalog is cached");

        // Every admin change drops it: the next read has the change.
        await admin.SendOkAsync(HttpMethod.Put, $"/courses/{course}", new { title = "After", summary = "Edited" });
        var edited = await learner.GetAppOkAsync($"/courses/{course}");
        (edited.GetProperty("title").GetString(), edited.GetProperty("summary").GetString()).Should().Be(("After", "Edited"));
        var second = await admin.CreateLessonAsync(course, ContentSteps.Article("Two"));
        (await learner.GetAppOkAsync($"/courses/{course}")).GetProperty("lessons").Ids().Should().Equal(first, second);
        await admin.SendOkAsync(HttpMethod.Post, $"/courses/{course}/lessons/order", new { lessonIds = new[] { second, first } }, HttpStatusCode.NoContent);
        (await learner.GetAppOkAsync($"/courses/{course}")).GetProperty("lessons").Ids().Should().Equal(second, first);
        await admin.SendOkAsync(HttpMethod.Put, $"/lessons/{first}", ContentSteps.Video(mp4, "One, renamed"));
        (await learner.GetAppOkAsync($"/courses/{course}")).GetProperty("lessons")[1].GetProperty("title").GetString().Should().Be("One, renamed");
        await admin.SendOkAsync(HttpMethod.Post, $"/courses/{course}/unpublish");
        await (await learner.GetAppAsync($"/courses/{course}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "course.not_found");
    }

    [Fact]
    public async Task A_premium_lesson_without_a_subscription_is_403_with_no_media_and_with_an_active_subscription_200()
    {
        var admin = await AdminAsync();
        var mp4 = await admin.UploadedMp4KeyAsync();
        var course = await admin.CreateCourseAsync("Premium course");
        var free = await admin.CreateLessonAsync(course, ContentSteps.Video(mp4, "Free"));
        var secret = await admin.UploadedMp4KeyAsync();
        var premium = await admin.CreateLessonAsync(course, ContentSteps.Video(secret, "Premium", premium: true));
        var learner = await api.NewLearnerAsync();

        var freeLesson = await learner.Client.GetAppOkAsync($"/lessons/{free}");
        var media = freeLesson.GetProperty("media");
        (media.GetProperty("key").GetString(), media.GetProperty("contentType").GetString()).Should().Be((mp4, "video/mp4"));
        media.GetProperty("expiresAt").GetDateTimeOffset().Should().BeAfter(DateTimeOffset.UtcNow);
        var download = await Media.MediaFiles.DownloadAsync(new Uri(media.GetProperty("url").GetString()!));
        download.StatusCode.Should().Be(HttpStatusCode.OK, "the phone downloads straight from the store with the presigned URL");
        var bytes = await download.Content.ReadAsByteArrayAsync();
        bytes.Should().HaveCount(Media.MediaFiles.Mp4().Length);
        bytes[4..8].Should().Equal("ftyp"u8.ToArray(), "the uploaded MP4 itself");
        download.Content.Headers.ContentType!.MediaType.Should().Be("video/mp4");

        var refused = await learner.Client.GetAppAsync($"/lessons/{premium}");
        var body = await refused.Content.ReadAsStringAsync();
        await refused.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "subscription.required");
        body.Should().NotContain(secret);
        JsonDocument.Parse(body).RootElement.EnumerateObject().Select(p => p.Name).Should().NotContain(["media", "url", "mediaKey", "body"]);
        await (await learner.Client.ReportAsync(premium, 10, 5)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "subscription.required");
        (await learner.Client.GetAppOkAsync($"/courses/{course}")).GetProperty("lessons")[1].GetProperty("premium").GetBoolean()
            .Should().BeTrue("the catalog lists a premium lesson; only its content needs a subscription");

        await api.GrantSubscriptionAsync(learner.Id);

        var unlocked = await learner.Client.GetAppOkAsync($"/lessons/{premium}");
        unlocked.GetProperty("premium").GetBoolean().Should().BeTrue();
        unlocked.GetProperty("media").GetProperty("key").GetString().Should().Be(secret);
        unlocked.GetProperty("media").GetProperty("url").GetString().Should().NotBeNullOrEmpty();
        (await learner.Client.ReportAsync(premium, 10, 5)).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
