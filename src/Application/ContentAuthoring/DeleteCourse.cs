using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.Content;
using LearningPlatform.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.ContentAuthoring;

/// <summary>
/// Deletes an unpublished course (409 <c>course.still_published</c> otherwise) with its lessons and their progress:
/// learners could not see any of it.
/// </summary>
public sealed class DeleteCourse(ILearningDb db, IPublishedCatalog catalog, TimeProvider clock)
{
    public async Task HandleAsync(Guid courseId, Guid adminId, CancellationToken cancellationToken)
    {
        var course = await db.FindCourseAsync(courseId, cancellationToken);
        course.EnsureDeletable();
        var lessons = await db.Lessons.CountAsync(l => l.CourseId == courseId, cancellationToken);
        db.Courses.Remove(course);
        db.Record(adminId, "deleted", AuditEntity.Course, course.Id, clock.GetUtcNow(), new { course.Title, lessons });
        await db.SaveChangesAsync(cancellationToken);
        await catalog.InvalidateAsync(cancellationToken);
    }
}
