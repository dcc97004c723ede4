using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Content;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.ContentAuthoring;

public sealed class GetAdminLesson(ILearningDb db)
{
    public async Task<AdminLessonDto> HandleAsync(Guid lessonId, CancellationToken cancellationToken) =>
        (await db.Lessons.AsNoTracking().SingleOrDefaultAsync(l => l.Id == lessonId, cancellationToken) ?? throw ContentErrors.LessonNotFound())
        .ToAdminDto();
}
