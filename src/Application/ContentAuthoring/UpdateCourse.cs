using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.Content;
using LearningPlatform.Domain.Audit;

namespace LearningPlatform.Application.ContentAuthoring;

/// <summary>Replaces a course's title, summary and cover; a published course changes for learners at their next read.</summary>
public sealed class UpdateCourse(ILearningDb db, IPublishedCatalog catalog, TimeProvider clock)
{
    public async Task<AdminCourseDto> HandleAsync(Guid courseId, CourseRequest request, Guid adminId, CancellationToken cancellationToken)
    {
        var course = await db.FindCourseAsync(courseId, cancellationToken);
        var now = clock.GetUtcNow();
        course.Define(request.ToDefinition(), now);
        db.Record(adminId, "updated", AuditEntity.Course, course.Id, now, new { course.Title, course.Summary, course.CoverImageKey });
        await db.SaveChangesAsync(cancellationToken);
        await catalog.InvalidateAsync(cancellationToken);
        return await course.ToAdminDtoAsync(db, cancellationToken);
    }
}
