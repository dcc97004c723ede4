using LearningPlatform.Domain.Content;

namespace LearningPlatform.Application.Content;

/// <summary>
/// The published catalog, the same for every learner (no progress in it): published courses in order, each with its
/// published lessons in order. Served from a cache and dropped on every admin change of courses or lessons.
/// </summary>
public interface IPublishedCatalog
{
    Task<PublishedCatalog> GetAsync(CancellationToken cancellationToken);

    /// <summary>Called after every admin change of a course or lesson has committed, so the next read is the new catalog.</summary>
    ValueTask InvalidateAsync(CancellationToken cancellationToken);
}

/// <summary>A snapshot of the published catalog; shared read-only by every request that reads it.</summary>
public sealed record PublishedCatalog(IReadOnlyList<CatalogCourse> Courses)
{
    public CatalogCourse? Find(Guid courseId) => Courses.FirstOrDefault(c => c.Id == courseId);
}

public sealed record CatalogCourse(Guid Id, string Title, string? Summary, string? CoverImageKey, IReadOnlyList<CatalogLesson> Lessons);

public sealed record CatalogLesson(Guid Id, string Title, LessonKind Kind, int? DurationSeconds, int? PageCount, bool Premium);
