using LearningPlatform.Application.Common;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Rewards;

/// <summary>The caller's rewards of published exams, newest first; never with a coupon code.</summary>
public sealed class ListRewards(ILearningDb db)
{
    public async Task<IReadOnlyList<RewardDto>> HandleAsync(Guid learnerId, CancellationToken cancellationToken)
    {
        var rewards = await db.Rewards.AsNoTracking().VisibleTo(db, learnerId)
            .OrderByDescending(r => r.CreatedAt).Take(200).ToListAsync(cancellationToken);
        return [.. rewards.Select(r => r.ToDto())];
    }
}
