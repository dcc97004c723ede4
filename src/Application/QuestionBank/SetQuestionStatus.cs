using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Audit;
using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.QuestionBank;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.QuestionBank;

/// <summary>DRAFT, READY or HIDDEN; exams that pinned the question keep their copy whatever its status becomes.</summary>
public sealed class SetQuestionStatus(ILearningDb db, TimeProvider clock)
{
    public async Task<BankQuestionDto> HandleAsync(Guid questionId, QuestionStatus status, Guid adminId, CancellationToken cancellationToken)
    {
        var question = await db.BankQuestions.SingleOrDefaultAsync(q => q.Id == questionId, cancellationToken)
            ?? throw QuestionBankErrors.QuestionNotFound();
        var now = clock.GetUtcNow();
        if (question.Status != status)
        {
            var before = question.Status;
            question.SetStatus(status, now);
            db.Record(adminId, "status_changed", AuditEntity.Question, question.Id, now,
                new { from = before.ToUpperSnake(), to = status.ToUpperSnake() });
            await db.SaveChangesAsync(cancellationToken);
        }

        var current = await db.QuestionVersions.AsNoTracking()
            .SingleAsync(v => v.QuestionId == questionId && v.Number == question.CurrentVersion, cancellationToken);
        return question.ToDto(current);
    }
}
