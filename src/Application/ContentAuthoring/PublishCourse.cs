using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.Content;
using LearningPlatform.Domain.Audit;

namespace LearningPlatform.Application.ContentAuthoring;

/// <summary>Makes a course visible to learners (with those of its lessons that are published); 409 course.already_published.</summary>
public sealed class PublishCourse(ILearningDb db, IPublishedCatalog catalog, TimeProvider clock)
{
    public async Task<AdminCourseDto> HandleAsync(Guid courseId, Guid adminId, CancellationToken cancellationToken)
    {
        var course = await db.FindCourseAsync(courseId, cancellationToken);
        var now = clock.GetUtcNow();
        course.Publish(now);
        db.Record(adminId, "published", AuditEntity.Course, course.Id, now, new { course.Title });
        await db.SaveChangesAsync(cancellationToken);
        await catalog.InvalidateAsync(cancellationToken);
        return await course.ToAdminDtoAsync(db, cancellationToken);
    }
}
