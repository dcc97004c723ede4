using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.Content;
using LearningPlatform.Domain.Audit;

namespace LearningPlatform.Application.ContentAuthoring;

/// <summary>Takes a lesson out of the catalog (learners get 404 for it; their progress is kept); 409 lesson.not_published.</summary>
public sealed class UnpublishLesson(ILearningDb db, IPublishedCatalog catalog, TimeProvider clock)
{
    public async Task<AdminLessonDto> HandleAsync(Guid lessonId, Guid adminId, CancellationToken cancellationToken)
    {
        var lesson = await db.FindLessonAsync(lessonId, cancellationToken);
        var now = clock.GetUtcNow();
        lesson.Unpublish(now);
        db.Record(adminId, "unpublished", AuditEntity.Lesson, lesson.Id, now, new { lesson.CourseId, lesson.Title });
        await db.SaveChangesAsync(cancellationToken);
        await catalog.InvalidateAsync(cancellationToken);
        return lesson.ToAdminDto();
    }
}
