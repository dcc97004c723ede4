using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Audit;
using LearningPlatform.Domain.QuestionBank;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.QuestionBank;

/// <summary>Deletes an empty category; one that still holds questions or pools is 409 <c>category.not_empty</c>.</summary>
public sealed class DeleteCategory(ILearningDb db, TimeProvider clock)
{
    public async Task HandleAsync(Guid categoryId, Guid adminId, CancellationToken cancellationToken)
    {
        var category = await db.QuestionCategories.SingleOrDefaultAsync(c => c.Id == categoryId, cancellationToken)
            ?? throw QuestionBankErrors.CategoryNotFound();
        var questions = await db.BankQuestions.CountAsync(q => q.CategoryId == categoryId, cancellationToken);
        var pools = await db.QuestionPools.CountAsync(p => p.CategoryId == categoryId, cancellationToken);
        if (questions + pools > 0)
        {
            throw QuestionBankErrors.CategoryNotEmpty(questions, pools);
        }

        db.QuestionCategories.Remove(category);
        db.Record(adminId, "deleted", AuditEntity.Category, categoryId, clock.GetUtcNow(), new { category.Name });
        // The foreign keys refuse a question or pool added meanwhile: 409, nothing deleted.
        await db.SaveChangesAsync(cancellationToken);
    }
}
