using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.Content;
using LearningPlatform.Domain.Audit;
using LearningPlatform.Domain.Content;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.ContentAuthoring;

/// <summary>A new course, unpublished (learners do not see it), after the others.</summary>
public sealed class CreateCourse(ILearningDb db, IPublishedCatalog catalog, TimeProvider clock)
{
    public async Task<AdminCourseDto> HandleAsync(CourseRequest request, Guid adminId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var last = await db.Courses.MaxAsync(c => (int?)c.SortOrder, cancellationToken);
        var course = Course.Create(request.ToDefinition(), (last ?? -1) + 1, now);
        db.Courses.Add(course);
        db.Record(adminId, "created", AuditEntity.Course, course.Id, now, new { course.Title });
        await db.SaveChangesAsync(cancellationToken);
        await catalog.InvalidateAsync(cancellationToken);
        return course.ToAdminDto(0, 0);
    }
}
