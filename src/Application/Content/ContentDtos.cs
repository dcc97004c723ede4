using FluentValidation;
using LearningPlatform.Domain.Content;

namespace LearningPlatform.Application.Content;

/// <summary>A published course in the catalog with your progress: <c>completedLessons</c> of its <c>lessonCount</c> published lessons.</summary>
public sealed record CourseSummaryDto(Guid Id, string Title, string? Summary, string? CoverImageKey, int LessonCount, int CompletedLessons);

/// <summary>
/// Your progress in a lesson: <c>percent</c> 0..100, <c>position</c> (seconds into a video, the page of a PDF),
/// <c>completedAt</c> (when you first completed it; it never moves).
/// </summary>
public sealed record LessonProgressDto(int Percent, int Position, bool Completed, DateTimeOffset? CompletedAt, DateTimeOffset UpdatedAt);

/// <summary>A lesson as a course lists it: what it is and your progress (null before your first report).</summary>
public sealed record CourseLessonDto(
    Guid Id, string Title, LessonKind Kind, int? DurationSeconds, int? PageCount, bool Premium, LessonProgressDto? Progress);

/// <summary>
/// A published course with its published lessons in order and your progress. <c>continueLessonId</c>: the first lesson
/// you have not completed (null when you completed them all).
/// </summary>
public sealed record CourseDto(
    Guid Id, string Title, string? Summary, string? CoverImageKey, int LessonCount, int CompletedLessons, Guid? ContinueLessonId,
    IReadOnlyList<CourseLessonDto> Lessons);

/// <summary>
/// A lesson's media: the object key and content type, and a short-lived download <c>url</c> with its <c>expiresAt</c>
/// (null until the object storage adapter lands).
/// </summary>
public sealed record LessonMediaDto(string Key, string ContentType, Uri? Url, DateTimeOffset? ExpiresAt);

/// <summary>A lesson to study: its text, its media (null when it has none) and your progress.</summary>
public sealed record LessonDto(
    Guid Id, Guid CourseId, string Title, LessonKind Kind, string? Body, int? DurationSeconds, int? PageCount, bool Premium,
    LessonMediaDto? Media, LessonProgressDto? Progress);

/// <summary>
/// A progress report from a device: <c>percent</c> 0..100, <c>position</c> 0..1,000,000 (seconds or a page),
/// <c>completed</c> true to mark the lesson done (counts as percent 100).
/// </summary>
public sealed record UpdateLessonProgressRequest(int? Percent, int? Position, bool? Completed);

internal sealed class UpdateLessonProgressRequestValidator : AbstractValidator<UpdateLessonProgressRequest>
{
    public UpdateLessonProgressRequestValidator()
    {
        RuleFor(r => r.Percent).NotNull().InclusiveBetween(0, LessonProgress.Complete);
        RuleFor(r => r.Position).NotNull().InclusiveBetween(0, LessonProgress.MaxPosition);
    }
}

internal static class ContentMapping
{
    public static LessonProgressDto ToDto(this LessonProgress p) => new(p.Percent, p.Position, p.IsCompleted, p.CompletedAt, p.UpdatedAt);
}
