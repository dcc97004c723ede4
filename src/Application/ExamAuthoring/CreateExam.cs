using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Audit;
using LearningPlatform.Domain.Exams;

namespace LearningPlatform.Application.ExamAuthoring;

/// <summary>A new DRAFT exam. Learners do not see it until it is scheduled.</summary>
public sealed class CreateExam(ILearningDb db, TimeProvider clock)
{
    public async Task<AdminExamDto> HandleAsync(ExamRequest request, Guid adminId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var exam = Exam.CreateDraft(request.ToDefinition(), now);
        db.Exams.Add(exam);
        db.Record(adminId, "created", AuditEntity.Exam, exam.Id, now, new { exam.Title });
        await db.SaveChangesAsync(cancellationToken);
        return exam.ToAdminDto(0, now);
    }
}
