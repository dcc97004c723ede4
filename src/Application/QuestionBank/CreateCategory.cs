using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Audit;
using LearningPlatform.Domain.QuestionBank;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.QuestionBank;

public sealed class CreateCategory(ILearningDb db, TimeProvider clock)
{
    public async Task<CategoryDto> HandleAsync(CategoryRequest request, Guid adminId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var category = QuestionCategory.Create(request.Name!, now);
        await EnsureNameFreeAsync(db, category.Name, null, cancellationToken);
        db.QuestionCategories.Add(category);
        db.Record(adminId, "created", AuditEntity.Category, category.Id, now, new { category.Name });
        await db.SaveChangesAsync(cancellationToken);
        return new CategoryDto(category.Id, category.Name, 0, category.CreatedAt);
    }

    /// <summary>A name in use is 409 <c>category.name_taken</c> (the unique index settles a race the same way, as 409).</summary>
    internal static async Task EnsureNameFreeAsync(ILearningDb db, string name, Guid? except, CancellationToken cancellationToken)
    {
        if (await db.QuestionCategories.AnyAsync(c => c.Name == name && c.Id != except, cancellationToken))
        {
            throw QuestionBankErrors.CategoryNameTaken();
        }
    }
}
