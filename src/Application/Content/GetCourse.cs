using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Content;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Content;

/// <summary>One published course (from the cached catalog) with its published lessons and the learner's progress in each.</summary>
public sealed class GetCourse(ILearningDb db, IPublishedCatalog catalog)
{
    public async Task<CourseDto> HandleAsync(Guid learnerId, Guid courseId, CancellationToken cancellationToken)
    {
        var course = (await catalog.GetAsync(cancellationToken)).Find(courseId) ?? throw ContentErrors.CourseNotFound();
        var lessonIds = course.Lessons.Select(l => l.Id).ToList();
        var progress = lessonIds.Count == 0
            ? []
            : await db.LessonProgress.AsNoTracking()
                .Where(p => p.LearnerId == learnerId && lessonIds.Contains(p.LessonId))
                .ToDictionaryAsync(p => p.LessonId, cancellationToken);
        var lessons = course.Lessons
            .Select(l => new CourseLessonDto(l.Id, l.Title, l.Kind, l.DurationSeconds, l.PageCount, l.Premium, progress.GetValueOrDefault(l.Id)?.ToDto()))
            .ToList();
        return new CourseDto(
            course.Id, course.Title, course.Summary, course.CoverImageKey, lessons.Count, lessons.Count(l => l.Progress?.Completed == true),
            lessons.FirstOrDefault(l => l.Progress?.Completed != true)?.Id, lessons);
    }
}
