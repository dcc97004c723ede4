using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Audit;
using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.QuestionBank;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.QuestionBank;

public sealed class CreateQuestion(ILearningDb db, TimeProvider clock)
{
    public async Task<BankQuestionDto> HandleAsync(QuestionRequest request, Guid adminId, CancellationToken cancellationToken)
    {
        var content = request.ToContent();
        await EnsureCategoryAsync(db, request.CategoryId!.Value, cancellationToken);
        var now = clock.GetUtcNow();
        var (question, version) = BankQuestion.Create(request.CategoryId.Value, content, request.Status ?? QuestionStatus.Ready, adminId, now);
        db.BankQuestions.Add(question);
        db.QuestionVersions.Add(version);
        db.Record(adminId, "created", AuditEntity.Question, question.Id, now, new { version = 1, status = question.Status.ToUpperSnake() });
        await db.SaveChangesAsync(cancellationToken);
        return question.ToDto(version);
    }

    internal static async Task EnsureCategoryAsync(ILearningDb db, Guid categoryId, CancellationToken cancellationToken)
    {
        if (!await db.QuestionCategories.AnyAsync(c => c.Id == categoryId, cancellationToken))
        {
            throw QuestionBankErrors.CategoryNotFound();
        }
    }
}
