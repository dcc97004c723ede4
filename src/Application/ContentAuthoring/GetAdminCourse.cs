using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Content;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.ContentAuthoring;

public sealed class GetAdminCourse(ILearningDb db)
{
    public async Task<AdminCourseDto> HandleAsync(Guid courseId, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().SingleOrDefaultAsync(c => c.Id == courseId, cancellationToken)
            ?? throw ContentErrors.CourseNotFound();
        return await course.ToAdminDtoAsync(db, cancellationToken);
    }
}
