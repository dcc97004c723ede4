using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Content;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.ContentAuthoring;

/// <summary>A course's lessons, published or not, in order.</summary>
public sealed class ListAdminLessons(ILearningDb db)
{
    public async Task<IReadOnlyList<AdminLessonDto>> HandleAsync(Guid courseId, long offset, int limit, CancellationToken cancellationToken)
    {
        if (!await db.Courses.AnyAsync(c => c.Id == courseId, cancellationToken))
        {
            throw ContentErrors.CourseNotFound();
        }

        var lessons = await db.Lessons.AsNoTracking().Where(l => l.CourseId == courseId)
            .OrderBy(l => l.SortOrder).ThenBy(l => l.CreatedAt).ThenBy(l => l.Id)
            .Skip((int)offset).Take(limit)
            .ToListAsync(cancellationToken);
        return [.. lessons.Select(l => l.ToAdminDto())];
    }
}
