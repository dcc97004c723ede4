using LearningPlatform.Application.Attempts;
using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Audit;
using LearningPlatform.Domain.Exams;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.ExamAuthoring;

/// <summary>SCHEDULED → DRAFT before the window opens; after that 409 <c>exam.already_opened</c>.</summary>
public sealed class UnscheduleExam(ILearningDb db, IQuestionPools pools, TimeProvider clock)
{
    public async Task<AdminExamDto> HandleAsync(Guid examId, Guid adminId, CancellationToken cancellationToken)
    {
        var exam = await db.Exams.Include(e => e.Questions).SingleOrDefaultAsync(e => e.Id == examId, cancellationToken)
            ?? throw ExamErrors.NotFound();
        var now = clock.GetUtcNow();
        exam.Unschedule(now);
        db.Record(adminId, "unscheduled", AuditEntity.Exam, exam.Id, now);
        await db.SaveChangesAsync(cancellationToken);
        // Nobody can have loaded the questions of an exam that never opened; forgetting them here is belt and braces.
        await pools.InvalidateAsync(examId, cancellationToken);
        return exam.ToAdminDto(0, now);
    }
}
