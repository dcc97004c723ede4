using LearningPlatform.Application.Common;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.ContentAuthoring;

/// <summary>Every course, published or not, in the order learners see them, with lesson counts (from the read replica).</summary>
public sealed class ListAdminCourses(ILearningReadDb db)
{
    public async Task<IReadOnlyList<AdminCourseDto>> HandleAsync(long offset, int limit, CancellationToken cancellationToken)
    {
        var rows = await db.Courses
            .OrderBy(c => c.SortOrder).ThenBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Skip((int)offset).Take(limit)
            .Select(c => new
            {
                Course = c,
                Lessons = db.Lessons.Count(l => l.CourseId == c.Id),
                Published = db.Lessons.Count(l => l.CourseId == c.Id && l.IsPublished),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => r.Course.ToAdminDto(r.Lessons, r.Published))];
    }
}
