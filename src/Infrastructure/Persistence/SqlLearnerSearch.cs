using LearningPlatform.Application.Learners;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Infrastructure.Persistence;

/// <summary>Name search with ILIKE, served by the learners' trigram index (<c>ix_learners_display_name_trgm</c>).</summary>
internal sealed class SqlLearnerSearch(LearningDbContext db) : ILearnerSearch
{
    public async Task<IReadOnlyList<LearnerSummaryDto>> ByNameAsync(string text, long offset, int limit, CancellationToken cancellationToken)
    {
        // The admin's text is matched literally: % and _ are not wildcards.
        var pattern = "%" + text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";
        return await db.Learners.AsNoTracking()
            .Where(l => EF.Functions.ILike(l.DisplayName, pattern, @"\"))
            .OrderBy(l => l.DisplayName).ThenBy(l => l.Id)
            .Skip((int)offset).Take(limit)
            .Select(l => new LearnerSummaryDto(l.Id, l.DisplayName, l.UpdatedAt))
            .ToListAsync(cancellationToken);
    }

    public Task<LearnerSummaryDto?> ByIdAsync(Guid learnerId, CancellationToken cancellationToken) =>
        db.Learners.AsNoTracking().Where(l => l.Id == learnerId)
            .Select(l => new LearnerSummaryDto(l.Id, l.DisplayName, l.UpdatedAt))
            .FirstOrDefaultAsync(cancellationToken);
}
