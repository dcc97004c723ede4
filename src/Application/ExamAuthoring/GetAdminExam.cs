using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Exams;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.ExamAuthoring;

public sealed class GetAdminExam(ILearningDb db, TimeProvider clock)
{
    public async Task<AdminExamDto> HandleAsync(Guid examId, CancellationToken cancellationToken)
    {
        var row = await db.Exams.AsNoTracking().Where(e => e.Id == examId).Select(e => new { Exam = e, Questions = e.Questions.Count })
            .SingleOrDefaultAsync(cancellationToken) ?? throw ExamErrors.NotFound();
        return row.Exam.ToAdminDto(row.Questions, clock.GetUtcNow());
    }
}
