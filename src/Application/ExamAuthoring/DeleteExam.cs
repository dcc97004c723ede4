using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Audit;
using LearningPlatform.Domain.Exams;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.ExamAuthoring;

public sealed class DeleteExam(ILearningDb db, TimeProvider clock)
{
    public async Task HandleAsync(Guid examId, Guid adminId, CancellationToken cancellationToken)
    {
        var exam = await db.Exams.SingleOrDefaultAsync(e => e.Id == examId, cancellationToken) ?? throw ExamErrors.NotFound();
        exam.EnsureDraft();
        db.Exams.Remove(exam);
        db.Record(adminId, "deleted", AuditEntity.Exam, exam.Id, clock.GetUtcNow(), new { exam.Title });
        await db.SaveChangesAsync(cancellationToken);
    }
}
