using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Content;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.ContentAuthoring;

internal static class CourseCounts
{
    /// <summary>The course as admins see it, with its lessons counted (one indexed query).</summary>
    public static async Task<AdminCourseDto> ToAdminDtoAsync(this Course course, ILearningDb db, CancellationToken cancellationToken)
    {
        var counts = await db.Lessons.AsNoTracking().Where(l => l.CourseId == course.Id)
            .GroupBy(l => 1).Select(g => new { All = g.Count(), Published = g.Count(l => l.IsPublished) })
            .SingleOrDefaultAsync(cancellationToken);
        return course.ToAdminDto(counts?.All ?? 0, counts?.Published ?? 0);
    }

    public static async Task<Course> FindCourseAsync(this ILearningDb db, Guid courseId, CancellationToken cancellationToken) =>
        await db.Courses.SingleOrDefaultAsync(c => c.Id == courseId, cancellationToken) ?? throw ContentErrors.CourseNotFound();

    public static async Task<Lesson> FindLessonAsync(this ILearningDb db, Guid lessonId, CancellationToken cancellationToken) =>
        await db.Lessons.SingleOrDefaultAsync(l => l.Id == lessonId, cancellationToken) ?? throw ContentErrors.LessonNotFound();
}
