using LearningPlatform.Domain.Content;

namespace LearningPlatform.Application.Content;

public static class LearnerVisibleLessons
{
    /// <summary>
    /// The lessons a learner may know of: published, in a published course. Any other is "not found" (404), never
    /// "forbidden": content being written leaks nothing, not even that it exists.
    /// </summary>
    public static IQueryable<Lesson> VisibleToLearners(this IQueryable<Lesson> lessons, IQueryable<Course> courses) =>
        lessons.Where(l => l.IsPublished && courses.Any(c => c.Id == l.CourseId && c.IsPublished));
}
