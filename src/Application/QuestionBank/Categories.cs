using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Audit;
using LearningPlatform.Domain.QuestionBank;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.QuestionBank;

/// <summary>The bank's categories by name, with how many questions each holds.</summary>
public sealed class ListCategories(ILearningDb db)
{
    public async Task<IReadOnlyList<CategoryDto>> HandleAsync(long offset, int limit, CancellationToken cancellationToken) =>
        await db.QuestionCategories.AsNoTracking()
            .OrderBy(c => c.Name)
            .Skip((int)offset).Take(limit)
            .Select(c => new CategoryDto(c.Id, c.Name, db.BankQuestions.Count(q => q.CategoryId == c.Id), c.CreatedAt))
            .ToListAsync(cancellationToken);
}

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
