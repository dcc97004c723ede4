using LearningPlatform.Domain.Common;

namespace LearningPlatform.Domain.Content;

public static class ContentErrors
{
    /// <summary>No such course for this caller: for a learner also an unpublished one (never 403: its existence is not leaked).</summary>
    public static DomainException CourseNotFound() =>
        new("course.not_found", "The course does not exist.", DomainErrorKind.NotFound);

    /// <summary>No such lesson for this caller: for a learner also an unpublished one, or one of an unpublished course.</summary>
    public static DomainException LessonNotFound() =>
        new("lesson.not_found", "The lesson does not exist.", DomainErrorKind.NotFound);

    public static DomainException InvalidCourse(IReadOnlyDictionary<string, string[]> errors) => Invalid("course.invalid", "course", errors);

    public static DomainException InvalidLesson(IReadOnlyDictionary<string, string[]> errors) => Invalid("lesson.invalid", "lesson", errors);

    /// <summary>A lesson learners could not use: a video or PDF without its media, a video without its duration, ...</summary>
    public static DomainException LessonNotPublishable(IReadOnlyDictionary<string, string[]> errors) =>
        new("lesson.not_publishable", "The lesson cannot be published (or stay published) like this: " + Join(errors), DomainErrorKind.Invalid)
        {
            Extensions = new Dictionary<string, object?> { ["errors"] = errors },
        };

    public static DomainException CourseAlreadyPublished() =>
        new("course.already_published", "The course is published already.", DomainErrorKind.Conflict);

    public static DomainException CourseNotPublished() =>
        new("course.not_published", "The course is not published.", DomainErrorKind.Conflict);

    public static DomainException LessonAlreadyPublished() =>
        new("lesson.already_published", "The lesson is published already.", DomainErrorKind.Conflict);

    public static DomainException LessonNotPublished() =>
        new("lesson.not_published", "The lesson is not published.", DomainErrorKind.Conflict);

    public static DomainException CourseStillPublished() =>
        new("course.still_published", "A published course cannot be deleted; unpublish it first.", DomainErrorKind.Conflict);

    public static DomainException LessonStillPublished() =>
        new("lesson.still_published", "A published lesson cannot be deleted; unpublish it first.", DomainErrorKind.Conflict);

    public static DomainException InvalidProgress(string message) =>
        new("progress.invalid", message, DomainErrorKind.Invalid);

    /// <summary>The code premium exams already answer with: the same for premium lessons.</summary>
    public static DomainException SubscriptionRequired() =>
        new("subscription.required", "This lesson needs an active subscription.", DomainErrorKind.Forbidden);

    private static DomainException Invalid(string code, string what, IReadOnlyDictionary<string, string[]> errors) =>
        new(code, $"The {what} is not valid: " + Join(errors), DomainErrorKind.Invalid)
        {
            Extensions = new Dictionary<string, object?> { ["errors"] = errors },
        };

    private static string Join(IReadOnlyDictionary<string, string[]> errors) => string.Join(" ", errors.Values.SelectMany(v => v));
}
