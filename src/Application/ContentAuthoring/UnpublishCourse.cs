using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.Content;
using LearningPlatform.Domain.Audit;

namespace LearningPlatform.Application.ContentAuthoring;

/// <summary>Takes a course out of the catalog: learners get 404 for it and its lessons, their progress is kept; 409 course.not_published.</summary>
public sealed class UnpublishCourse(ILearningDb db, IPublishedCatalog catalog, TimeProvider clock)
{
    public async Task<AdminCourseDto> HandleAsync(Guid courseId, Guid adminId, CancellationToken cancellationToken)
    {
        var course = await db.FindCourseAsync(courseId, cancellationToken);
        var now = clock.GetUtcNow();
        course.Unpublish(now);
        db.Record(adminId, "unpublished", AuditEntity.Course, course.Id, now, new { course.Title });
        await db.SaveChangesAsync(cancellationToken);
        await catalog.InvalidateAsync(cancellationToken);
        return await course.ToAdminDtoAsync(db, cancellationToken);
    }
}
