using FluentValidation;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Content;

namespace LearningPlatform.Application.ContentAuthoring;

/// <summary>A course as an admin writes it: <c>title</c> 1..200, <c>summary</c> up to 2000, <c>coverImageKey</c> an object key (optional).</summary>
public sealed record CourseRequest(string? Title, [property: Multiline] string? Summary, string? CoverImageKey)
{
    internal CourseDefinition ToDefinition() => new(Title ?? string.Empty, Summary, CoverImageKey);
}

/// <summary>
/// A lesson as an admin writes it. <c>kind</c> VIDEO, PDF or ARTICLE; <c>mediaKey</c> (1..512 of A-Z a-z 0-9 / . _ -)
/// and <c>mediaContentType</c> together: video/mp4 for a video, application/pdf for a PDF, image/png, image/jpeg or
/// image/webp for an article; <c>durationSeconds</c> (a video, 1..86400) or <c>pageCount</c> (a PDF, 1..100000);
/// <c>body</c> the article's text or notes (up to 20000); <c>premium</c> (default false) needs a subscription to study.
/// </summary>
public sealed record LessonRequest(
    string? Title,
    [property: Multiline] string? Body,
    LessonKind? Kind,
    string? MediaKey,
    string? MediaContentType,
    int? DurationSeconds,
    int? PageCount,
    bool? Premium)
{
    internal LessonDefinition ToDefinition() =>
        new(Title ?? string.Empty, Body, Kind!.Value, MediaKey, MediaContentType, DurationSeconds, PageCount, Premium ?? false);
}

/// <summary>Every course, each once, in the order learners should see them.</summary>
public sealed record OrderCoursesRequest(List<Guid>? CourseIds);

/// <summary>Every lesson of the course, each once, in the order learners should take them.</summary>
public sealed record OrderLessonsRequest(List<Guid>? LessonIds);

/// <summary>A course as admins see it: published or not, where it stands, how many lessons it has (and how many are published).</summary>
public sealed record AdminCourseDto(
    Guid Id, string Title, string? Summary, string? CoverImageKey, bool Published, int SortOrder, int LessonCount, int PublishedLessonCount,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? PublishedAt);

/// <summary>A lesson as admins see it, published or not.</summary>
public sealed record AdminLessonDto(
    Guid Id, Guid CourseId, string Title, string? Body, LessonKind Kind, string? MediaKey, string? MediaContentType, int? DurationSeconds,
    int? PageCount, bool Premium, bool Published, int SortOrder, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? PublishedAt);

internal static class ContentAuthoringMapping
{
    public static AdminCourseDto ToAdminDto(this Course c, int lessons, int publishedLessons) => new(
        c.Id, c.Title, c.Summary, c.CoverImageKey, c.IsPublished, c.SortOrder, lessons, publishedLessons, c.CreatedAt, c.UpdatedAt, c.PublishedAt);

    public static AdminLessonDto ToAdminDto(this Lesson l) => new(
        l.Id, l.CourseId, l.Title, l.Body, l.Kind, l.MediaKey, l.MediaContentType, l.DurationSeconds, l.PageCount, l.IsPremium, l.IsPublished,
        l.SortOrder, l.CreatedAt, l.UpdatedAt, l.PublishedAt);

    /// <summary>Field errors of the domain's own rule, so the API answers 400 validation.failed before anything changes.</summary>
    public static void AddProblems<T>(this ValidationContext<T> context, IReadOnlyDictionary<string, string[]> problems)
    {
        foreach (var (field, messages) in problems)
        {
            foreach (var message in messages)
            {
                context.AddFailure(field, message);
            }
        }
    }
}

internal sealed class CourseRequestValidator : AbstractValidator<CourseRequest>
{
    public CourseRequestValidator() =>
        RuleFor(r => r).Custom((request, context) => context.AddProblems(Course.Problems(request.ToDefinition())));
}

internal sealed class LessonRequestValidator : AbstractValidator<LessonRequest>
{
    public LessonRequestValidator()
    {
        RuleFor(r => r.Kind).NotNull().IsInEnum();
        RuleFor(r => r).Custom((request, context) =>
        {
            if (request.Kind is not null)
            {
                context.AddProblems(Lesson.Problems(request.ToDefinition()));
            }
        });
    }
}

internal sealed class OrderCoursesRequestValidator : AbstractValidator<OrderCoursesRequest>
{
    public OrderCoursesRequestValidator()
    {
        RuleFor(r => r.CourseIds).NotEmpty();
        RuleFor(r => r.CourseIds).Must(ids => ids!.Count <= Ordering.MaxItems && ids.Distinct().Count() == ids.Count)
            .When(r => r.CourseIds is { Count: > 0 })
            .WithMessage($"Each course once, at most {Ordering.MaxItems}.");
    }
}

internal sealed class OrderLessonsRequestValidator : AbstractValidator<OrderLessonsRequest>
{
    public OrderLessonsRequestValidator()
    {
        RuleFor(r => r.LessonIds).NotEmpty();
        RuleFor(r => r.LessonIds).Must(ids => ids!.Count <= Ordering.MaxItems && ids.Distinct().Count() == ids.Count)
            .When(r => r.LessonIds is { Count: > 0 })
            .WithMessage($"Each lesson once, at most {Ordering.MaxItems}.");
    }
}

/// <summary>Reordering names every item once: the new order is the list's.</summary>
internal static class Ordering
{
    public const int MaxItems = 1000;

    /// <summary>400 validation.failed naming <paramref name="field"/> unless <paramref name="requested"/> holds exactly <paramref name="existing"/>.</summary>
    public static void EnsureSameItems(IReadOnlyCollection<Guid> requested, IReadOnlyCollection<Guid> existing, string field, string what)
    {
        if (requested.Count != existing.Count || !requested.ToHashSet().SetEquals(existing))
        {
            throw AppErrors.Validation(field, $"List every {what} exactly once ({existing.Count} now).");
        }
    }
}
