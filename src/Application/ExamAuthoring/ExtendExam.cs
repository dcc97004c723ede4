using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Audit;
using LearningPlatform.Domain.Exams;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.ExamAuthoring;

/// <summary>Moves a scheduled or open exam's close later; earlier is 409 <c>exam.cannot_shorten</c>.</summary>
public sealed class ExtendExam(ILearningDb db, TimeProvider clock)
{
    public async Task<AdminExamDto> HandleAsync(Guid examId, ExtendExamRequest request, Guid adminId, CancellationToken cancellationToken)
    {
        var exam = await db.Exams.SingleOrDefaultAsync(e => e.Id == examId, cancellationToken) ?? throw ExamErrors.NotFound();
        var now = clock.GetUtcNow();
        var before = exam.ClosesAt;
        exam.Extend(request.ClosesAt!.Value, now);
        db.Record(adminId, "extended", AuditEntity.Exam, exam.Id, now, new { from = before, to = exam.ClosesAt });
        // The row version: the nightly job closing the exam at the same moment wins, this save is 409.
        await db.SaveChangesAsync(cancellationToken);
        return exam.ToAdminDto(await db.Questions.CountAsync(q => q.ExamId == examId, cancellationToken), now);
    }
}
