using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.Content;
using LearningPlatform.Domain.Audit;
using LearningPlatform.Domain.Content;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.ContentAuthoring;

/// <summary>A new lesson at the end of its course, unpublished.</summary>
public sealed class CreateLesson(ILearningDb db, IPublishedCatalog catalog, TimeProvider clock)
{
    public async Task<AdminLessonDto> HandleAsync(Guid courseId, LessonRequest request, Guid adminId, CancellationToken cancellationToken)
    {
        var course = await db.FindCourseAsync(courseId, cancellationToken);
        var now = clock.GetUtcNow();
        var last = await db.Lessons.Where(l => l.CourseId == courseId).MaxAsync(l => (int?)l.SortOrder, cancellationToken);
        var definition = request.ToDefinition();
        var lesson = Lesson.Create(course.Id, definition, (last ?? -1) + 1, now);
        await db.EnsureUploadedAsync(definition, null, cancellationToken);
        db.Lessons.Add(lesson);
        db.Record(adminId, "created", AuditEntity.Lesson, lesson.Id, now, new { lesson.CourseId, lesson.Title, lesson.Kind });
        await db.SaveChangesAsync(cancellationToken);
        await catalog.InvalidateAsync(cancellationToken);
        return lesson.ToAdminDto();
    }
}
