using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.Content;
using LearningPlatform.Domain.Audit;

namespace LearningPlatform.Application.ContentAuthoring;

/// <summary>
/// Replaces a lesson's definition. A published lesson must stay complete (400 <c>lesson.not_publishable</c>: a video
/// keeps its media and duration, ...); learners see the change at their next read.
/// </summary>
public sealed class UpdateLesson(ILearningDb db, IPublishedCatalog catalog, TimeProvider clock)
{
    public async Task<AdminLessonDto> HandleAsync(Guid lessonId, LessonRequest request, Guid adminId, CancellationToken cancellationToken)
    {
        var lesson = await db.FindLessonAsync(lessonId, cancellationToken);
        var now = clock.GetUtcNow();
        var definition = request.ToDefinition();
        var before = lesson.Definition;
        lesson.Define(definition, now);
        await db.EnsureUploadedAsync(definition, before, cancellationToken);
        db.Record(adminId, "updated", AuditEntity.Lesson, lesson.Id, now, new
        {
            lesson.Title, lesson.Kind, lesson.MediaKey, lesson.MediaContentType, lesson.DurationSeconds, lesson.PageCount, Premium = lesson.IsPremium,
        });
        await db.SaveChangesAsync(cancellationToken);
        await catalog.InvalidateAsync(cancellationToken);
        return lesson.ToAdminDto();
    }
}
