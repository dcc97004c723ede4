using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.Content;
using LearningPlatform.Domain.Audit;

namespace LearningPlatform.Application.ContentAuthoring;

/// <summary>Makes a lesson visible to learners once its course is published too; 400 lesson.not_publishable (what it lacks, by field), 409 lesson.already_published.</summary>
public sealed class PublishLesson(ILearningDb db, IPublishedCatalog catalog, TimeProvider clock)
{
    public async Task<AdminLessonDto> HandleAsync(Guid lessonId, Guid adminId, CancellationToken cancellationToken)
    {
        var lesson = await db.FindLessonAsync(lessonId, cancellationToken);
        var now = clock.GetUtcNow();
        lesson.Publish(now);
        db.Record(adminId, "published", AuditEntity.Lesson, lesson.Id, now, new { lesson.CourseId, lesson.Title });
        await db.SaveChangesAsync(cancellationToken);
        await catalog.InvalidateAsync(cancellationToken);
        return lesson.ToAdminDto();
    }
}
