using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.Content;
using LearningPlatform.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.ContentAuthoring;

/// <summary>
/// Puts every course in the given order (each listed once, else 400 validation.failed naming <c>courseIds</c>); each
/// course that moved is audited with its new place.
/// </summary>
public sealed class OrderCourses(ILearningDb db, IPublishedCatalog catalog, TimeProvider clock)
{
    public async Task HandleAsync(OrderCoursesRequest request, Guid adminId, CancellationToken cancellationToken)
    {
        var courses = await db.Courses.ToDictionaryAsync(c => c.Id, cancellationToken);
        Ordering.EnsureSameItems(request.CourseIds!, courses.Keys, "courseIds", "course");
        var now = clock.GetUtcNow();
        for (var i = 0; i < request.CourseIds!.Count; i++)
        {
            var course = courses[request.CourseIds[i]];
            if (course.SortOrder != i)
            {
                course.MoveTo(i, now);
                db.Record(adminId, "reordered", AuditEntity.Course, course.Id, now, new { sortOrder = i });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await catalog.InvalidateAsync(cancellationToken);
    }
}
