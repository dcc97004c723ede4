using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Content;

namespace LearningPlatform.Domain.UnitTests.Content;

public class CourseTests
{
    private static readonly DateTimeOffset Now = ExamBuilder.Now;

    [Fact]
    public void A_course_is_created_unpublished_with_its_text_trimmed()
    {
        var course = Course.Create(new CourseDefinition("  Algebra  ", "  ", "covers/algebra.png"), 3, Now);

        (course.Title, course.Summary, course.CoverImageKey, course.IsPublished, course.SortOrder)
            .Should().Be(("Algebra", (string?)null, "covers/algebra.png", false, 3));
    }

    [Fact]
    public void A_blank_title_a_long_summary_and_a_bad_cover_key_are_named_together()
    {
        var act = () => Course.Create(new CourseDefinition(" ", new string('s', Course.MaxSummaryLength + 1), "covers/a b.png"), 0, Now);

        var error = act.Should().Throw<DomainException>().Which;
        error.Code.Should().Be("course.invalid");
        error.Extensions["errors"].As<IReadOnlyDictionary<string, string[]>>().Keys.Should().BeEquivalentTo("title", "summary", "coverImageKey");
    }

    [Fact]
    public void Publish_and_unpublish_are_checked_and_only_an_unpublished_course_can_be_deleted()
    {
        var course = Course.Create(new CourseDefinition("Algebra", null, null), 0, Now);
        FluentActions.Invoking(() => course.Unpublish(Now)).Should().Throw<DomainException>().Which.Code.Should().Be("course.not_published");

        course.Publish(Now.AddMinutes(1));

        (course.IsPublished, course.PublishedAt).Should().Be((true, Now.AddMinutes(1)));
        FluentActions.Invoking(() => course.Publish(Now)).Should().Throw<DomainException>().Which.Code.Should().Be("course.already_published");
        FluentActions.Invoking(course.EnsureDeletable).Should().Throw<DomainException>().Which.Code.Should().Be("course.still_published");
        course.Unpublish(Now.AddMinutes(2));
        course.EnsureDeletable();
    }
}
