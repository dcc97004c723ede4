using LearningPlatform.Application.Common;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Content;

/// <summary>
/// The published courses in order (from the cached catalog), each with how many of its published lessons the learner
/// has completed (from PostgreSQL: progress is never cached).
/// </summary>
public sealed class ListCourses(ILearningDb db, IPublishedCatalog catalog)
{
    public async Task<IReadOnlyList<CourseSummaryDto>> HandleAsync(Guid learnerId, long offset, int limit, CancellationToken cancellationToken)
    {
        var page = (await catalog.GetAsync(cancellationToken)).Courses.Skip((int)offset).Take(limit).ToList();
        var lessonIds = page.SelectMany(c => c.Lessons).Select(l => l.Id).ToList();
        var completed = lessonIds.Count == 0
            ? []
            : (await db.LessonProgress.AsNoTracking()
                .Where(p => p.LearnerId == learnerId && p.CompletedAt != null && lessonIds.Contains(p.LessonId))
                .Select(p => p.LessonId)
                .ToListAsync(cancellationToken)).ToHashSet();
        return [.. page.Select(c => new CourseSummaryDto(
            c.Id, c.Title, c.Summary, c.CoverImageKey, c.Lessons.Count, c.Lessons.Count(l => completed.Contains(l.Id))))];
    }
}
