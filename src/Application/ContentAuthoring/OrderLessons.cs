using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.Content;
using LearningPlatform.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.ContentAuthoring;

/// <summary>
/// Puts the course's lessons in the given order (every lesson of the course once, else 400 validation.failed naming
/// <c>lessonIds</c>); audited on the course with the new order.
/// </summary>
public sealed class OrderLessons(ILearningDb db, IPublishedCatalog catalog, TimeProvider clock)
{
    public async Task HandleAsync(Guid courseId, OrderLessonsRequest request, Guid adminId, CancellationToken cancellationToken)
    {
        var course = await db.FindCourseAsync(courseId, cancellationToken);
        var lessons = await db.Lessons.Where(l => l.CourseId == courseId).ToDictionaryAsync(l => l.Id, cancellationToken);
        Ordering.EnsureSameItems(request.LessonIds!, lessons.Keys, "lessonIds", "lesson of the course");
        var now = clock.GetUtcNow();
        for (var i = 0; i < request.LessonIds!.Count; i++)
        {
            var lesson = lessons[request.LessonIds[i]];
            if (lesson.SortOrder != i)
            {
                lesson.MoveTo(i, now);
            }
        }

        db.Record(adminId, "lessons_reordered", AuditEntity.Course, course.Id, now, new { lessonIds = request.LessonIds });
        await db.SaveChangesAsync(cancellationToken);
        await catalog.InvalidateAsync(cancellationToken);
    }
}
