using LearningPlatform.Application.Common;
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
