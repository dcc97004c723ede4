using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Audit;
using LearningPlatform.Domain.QuestionBank;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.QuestionBank;

public sealed class RenameCategory(ILearningDb db, TimeProvider clock)
{
    public async Task<CategoryDto> HandleAsync(Guid categoryId, CategoryRequest request, Guid adminId, CancellationToken cancellationToken)
    {
        var category = await db.QuestionCategories.SingleOrDefaultAsync(c => c.Id == categoryId, cancellationToken)
            ?? throw QuestionBankErrors.CategoryNotFound();
        var before = category.Name;
        category.Rename(request.Name!);
        await CreateCategory.EnsureNameFreeAsync(db, category.Name, category.Id, cancellationToken);
        db.Record(adminId, "renamed", AuditEntity.Category, category.Id, clock.GetUtcNow(), new { from = before, to = category.Name });
        await db.SaveChangesAsync(cancellationToken);
        return new CategoryDto(category.Id, category.Name, await db.BankQuestions.CountAsync(q => q.CategoryId == category.Id, cancellationToken),
            category.CreatedAt);
    }
}
