using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Rewards;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using LearningPlatform.Application.Audit;
using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Audit;

namespace LearningPlatform.Application.Rewards;

/// <summary>
/// What every admin move of a reward does around the move itself: saved under the reward's row version (two admins at
/// once: one wins, the other gets 409), recorded with who and why, a reserved coupon released on rejection or
/// cancellation, and the learner's notification queued in the same transaction.
/// </summary>
public sealed class RewardModeration(ILearningDb db, TimeProvider clock, ILogger<RewardModeration> logger)
{
    /// <param name="move">The domain move; returns the coupon it released, if any.</param>
    public async Task<AdminRewardDto> MoveAsync(Guid rewardId, string action, Guid adminId, Func<Reward, DateTimeOffset, Guid?> move,
        CancellationToken cancellationToken)
    {
        var reward = await db.Rewards.SingleOrDefaultAsync(r => r.Id == rewardId, cancellationToken) ?? throw RewardErrors.NotFound();
        var now = clock.GetUtcNow();
        var released = move(reward, now);
        if (released is { } couponId)
        {
            (await db.Coupons.SingleAsync(c => c.Id == couponId, cancellationToken)).Release();
        }

        RewardNotices.Queue(db, reward, now);
        db.Record(adminId, action, AuditEntity.Reward, reward.Id, now, new { status = reward.Status.ToUpperSnake(), couponReleased = released });
        // The reward's row version: if another admin moved it since we read it, this save fails with 409.
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Reward {RewardId} {Action} by admin {AdminId}: now {Status}{Released}", reward.Id, action, adminId,
            reward.Status, released is null ? string.Empty : $", coupon {released} back in stock");

        return await db.Rewards.AsNoTracking().Where(r => r.Id == reward.Id).ProjectToAdminDto(db).SingleAsync(cancellationToken);
    }
}
