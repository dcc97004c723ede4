using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Audit;
using LearningPlatform.Domain.Exams;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.ExamAuthoring;

/// <summary>Replaces a DRAFT's definition; anything else is 409 <c>exam.not_draft</c>.</summary>
public sealed class UpdateExam(ILearningDb db, TimeProvider clock)
{
    public async Task<AdminExamDto> HandleAsync(Guid examId, ExamRequest request, Guid adminId, CancellationToken cancellationToken)
    {
        var exam = await db.Exams.SingleOrDefaultAsync(e => e.Id == examId, cancellationToken) ?? throw ExamErrors.NotFound();
        exam.Redefine(request.ToDefinition());
        var now = clock.GetUtcNow();
        db.Record(adminId, "updated", AuditEntity.Exam, exam.Id, now, new { exam.Title, exam.OpensAt, exam.ClosesAt, items = exam.Items.Count });
        // The row version: an admin scheduling it meanwhile wins, this save is 409.
        await db.SaveChangesAsync(cancellationToken);
        return exam.ToAdminDto(0, now);
    }
}
