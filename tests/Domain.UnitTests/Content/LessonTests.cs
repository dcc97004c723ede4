using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Content;

namespace LearningPlatform.Domain.UnitTests.Content;

public class LessonTests
{
    private static readonly DateTimeOffset Now = ExamBuilder.Now;

    private static LessonDefinition Video(string? key = "courses/intro/welcome.mp4", string? type = MediaRules.Mp4, int? seconds = 300) =>
        new("Welcome", null, LessonKind.Video, key, type, seconds, null, IsPremium: false);

    private static IEnumerable<string> Fields(Action act) =>
        act.Should().Throw<DomainException>().Which.Extensions["errors"].As<IReadOnlyDictionary<string, string[]>>().Keys;

    [Fact]
    public void A_lesson_is_created_unpublished_and_keeps_its_definition()
    {
        var lesson = Lesson.Create(Guid.NewGuid(), Video(), sortOrder: 2, Now);

        lesson.IsPublished.Should().BeFalse();
        lesson.SortOrder.Should().Be(2);
        lesson.Definition.Should().Be(Video());
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space.mp4")]
    [InlineData("../etc/passwd?x")]
    [InlineData("ключ.mp4")]
    public void A_media_key_outside_the_rule_is_refused(string key) =>
        Fields(() => Lesson.Create(Guid.NewGuid(), Video(key), 0, Now)).Should().Equal("mediaKey");

    [Fact]
    public void A_media_key_of_512_allowed_characters_is_accepted_and_513_is_not()
    {
        Lesson.Create(Guid.NewGuid(), Video(new string('a', 508) + ".mp4"), 0, Now).MediaKey.Should().HaveLength(512);
        Fields(() => Lesson.Create(Guid.NewGuid(), Video(new string('a', 509) + ".mp4"), 0, Now)).Should().Equal("mediaKey");
    }

    [Fact]
    public void The_media_type_must_fit_the_kind_and_come_with_a_key()
    {
        Fields(() => Lesson.Create(Guid.NewGuid(), Video(type: MediaRules.Pdf), 0, Now)).Should().Equal("mediaContentType");
        Fields(() => Lesson.Create(Guid.NewGuid(), Video(type: "video/quicktime"), 0, Now)).Should().Equal("mediaContentType");
        Fields(() => Lesson.Create(Guid.NewGuid(), Video(type: null), 0, Now)).Should().Equal("mediaContentType");
        Fields(() => Lesson.Create(Guid.NewGuid(), new LessonDefinition("Read", "Text", LessonKind.Article, "a.png", MediaRules.Mp4, null, null, false), 0, Now))
            .Should().Equal("mediaContentType");
        Lesson.Create(Guid.NewGuid(), new LessonDefinition("Read", "Text", LessonKind.Article, "a.webp", MediaRules.Webp, null, null, false), 0, Now)
            .MediaContentType.Should().Be("image/webp");
    }

    [Fact]
    public void A_duration_belongs_to_a_video_and_a_page_count_to_a_pdf()
    {
        Fields(() => Lesson.Create(Guid.NewGuid(), new LessonDefinition("Read", "Text", LessonKind.Article, null, null, 60, 3, false), 0, Now))
            .Should().BeEquivalentTo("durationSeconds", "pageCount");
        Fields(() => Lesson.Create(Guid.NewGuid(), Video(seconds: 0), 0, Now)).Should().Equal("durationSeconds");
    }

    [Fact]
    public void Publishing_needs_the_content_a_learner_would_use_and_a_published_lesson_stays_complete()
    {
        var lesson = Lesson.Create(Guid.NewGuid(), Video(key: null, type: null, seconds: null), 0, Now);

        Fields(() => lesson.Publish(Now)).Should().BeEquivalentTo("mediaKey", "durationSeconds");
        lesson.IsPublished.Should().BeFalse();

        lesson.Define(Video(), Now);
        lesson.Publish(Now.AddMinutes(1));
        lesson.IsPublished.Should().BeTrue();
        lesson.PublishedAt.Should().Be(Now.AddMinutes(1));
        FluentActions.Invoking(() => lesson.Define(Video(key: null, type: null), Now)).Should().Throw<DomainException>()
            .Which.Code.Should().Be("lesson.not_publishable");
        lesson.MediaKey.Should().Be("courses/intro/welcome.mp4");
    }

    [Fact]
    public void Each_move_is_checked_and_a_published_lesson_cannot_be_deleted()
    {
        var lesson = Lesson.Create(Guid.NewGuid(), Video(), 0, Now);
        FluentActions.Invoking(() => lesson.Unpublish(Now)).Should().Throw<DomainException>().Which.Code.Should().Be("lesson.not_published");
        lesson.Publish(Now);
        FluentActions.Invoking(() => lesson.Publish(Now)).Should().Throw<DomainException>().Which.Code.Should().Be("lesson.already_published");
        FluentActions.Invoking(lesson.EnsureDeletable).Should().Throw<DomainException>().Which.Code.Should().Be("lesson.still_published");
        lesson.Unpublish(Now);
        lesson.EnsureDeletable();
    }
}
