using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.Content;
using LearningPlatform.Domain.Audit;

namespace LearningPlatform.Application.ContentAuthoring;

/// <summary>Deletes an unpublished lesson (409 <c>lesson.still_published</c> otherwise) and the progress learners had in it.</summary>
public sealed class DeleteLesson(ILearningDb db, IPublishedCatalog catalog, TimeProvider clock)
{
    public async Task HandleAsync(Guid lessonId, Guid adminId, CancellationToken cancellationToken)
    {
        var lesson = await db.FindLessonAsync(lessonId, cancellationToken);
        lesson.EnsureDeletable();
        db.Lessons.Remove(lesson);
        db.Record(adminId, "deleted", AuditEntity.Lesson, lesson.Id, clock.GetUtcNow(), new { lesson.CourseId, lesson.Title });
        await db.SaveChangesAsync(cancellationToken);
        await catalog.InvalidateAsync(cancellationToken);
    }
}
