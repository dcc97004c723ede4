using LearningPlatform.Application.Common;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Content;

/// <summary>What the catalog cache loads on a miss: two queries, published courses and their published lessons.</summary>
public static class PublishedCatalogQuery
{
    public static async Task<PublishedCatalog> LoadAsync(ILearningDb db, CancellationToken cancellationToken)
    {
        var courses = await db.Courses.AsNoTracking().Where(c => c.IsPublished)
            .OrderBy(c => c.SortOrder).ThenBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Select(c => new { c.Id, c.Title, c.Summary, c.CoverImageKey })
            .ToListAsync(cancellationToken);
        var lessons = (await db.Lessons.AsNoTracking()
                .Where(l => l.IsPublished && db.Courses.Any(c => c.Id == l.CourseId && c.IsPublished))
                .OrderBy(l => l.SortOrder).ThenBy(l => l.CreatedAt).ThenBy(l => l.Id)
                .Select(l => new { l.CourseId, Lesson = new CatalogLesson(l.Id, l.Title, l.Kind, l.DurationSeconds, l.PageCount, l.IsPremium) })
                .ToListAsync(cancellationToken))
            .ToLookup(l => l.CourseId, l => l.Lesson);
        return new PublishedCatalog([.. courses.Select(c => new CatalogCourse(c.Id, c.Title, c.Summary, c.CoverImageKey, [.. lessons[c.Id]]))]);
    }
}
