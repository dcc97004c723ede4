using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Rewards;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Rewards;

/// <summary>The admin's reward queue: rewards by status, most recently changed first, the reserved coupon masked.</summary>
public sealed class ListRewardsByStatus(ILearningDb db)
{
    public async Task<IReadOnlyList<AdminRewardDto>> HandleAsync(string? status, long offset, int limit, CancellationToken cancellationToken)
    {
        RewardStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            wanted = Enum.TryParse<RewardStatus>(status, ignoreCase: true, out var parsed) && !int.TryParse(status, out _)
                ? parsed
                : throw RewardErrors.InvalidStatus();
        }

        return await db.Rewards.AsNoTracking()
            .Where(r => wanted == null || r.Status == wanted)
            .OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id)
            .Skip((int)offset)
            .Take(limit)
            .ProjectToAdminDto(db)
            .ToListAsync(cancellationToken);
    }
}
