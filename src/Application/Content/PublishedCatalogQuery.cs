using LearningPlatform.Application.Common;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Content;

/// <summary>
/// What the catalog cache loads on a miss: two queries, published courses and their published lessons. From the read
/// replica when there is one: the catalog is cached for seconds anyway, and a replica's lag is far shorter.
/// </summary>
public static class PublishedCatalogQuery
{
    public static async Task<PublishedCatalog> LoadAsync(ILearningReadDb db, CancellationToken cancellationToken)
    {
        var courses = await db.Courses.Where(c => c.IsPublished)
            .OrderBy(c => c.SortOrder).ThenBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Select(c => new { c.Id, c.Title, c.Summary, c.CoverImageKey })
            .ToListAsync(cancellationToken);
        var lessons = (await db.Lessons
                .Where(l => l.IsPublished && db.Courses.Any(c => c.Id == l.CourseId && c.IsPublished))
                .OrderBy(l => l.SortOrder).ThenBy(l => l.CreatedAt).ThenBy(l => l.Id)
                .Select(l => new { l.CourseId, Lesson = new CatalogLesson(l.Id, l.Title, l.Kind, l.DurationSeconds, l.PageCount, l.IsPremium) })
                .ToListAsync(cancellationToken))
            .ToLookup(l => l.CourseId, l => l.Lesson);
        return new PublishedCatalog([.. courses.Select(c => new CatalogCourse(c.Id, c.Title, c.Summary, c.CoverImageKey, [.. lessons[c.Id]]))]);
    }
}
