using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Rewards;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Application.Rewards;

/// <summary>ASSIGNED → REQUESTED, with the oldest available coupon of the campaign reserved for it, in one transaction.</summary>
public sealed class ClaimReward(ILearningDb db, ICouponStock stock, TimeProvider clock, ILogger<ClaimReward> logger)
{
    public async Task<RewardDto> HandleAsync(Guid learnerId, Guid rewardId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        var reward = await db.Rewards.VisibleTo(db, learnerId).SingleOrDefaultAsync(r => r.Id == rewardId, cancellationToken)
            ?? throw RewardErrors.NotFound();
        if (!Reward.CanMove(reward.Status, RewardStatus.Requested))
        {
            throw RewardErrors.InvalidTransition(reward.Status, RewardStatus.Requested);
        }

        var coupon = await stock.TakeAvailableAsync(reward.CouponCampaignId, cancellationToken);
        if (coupon is null)
        {
            logger.LogWarning("Reward {RewardId} cannot be claimed: campaign {CampaignId} is out of stock", reward.Id, reward.CouponCampaignId);
            throw RewardErrors.OutOfStock(reward.CouponCampaignId);
        }

        coupon.ReserveFor(reward.Id);
        reward.Claim(learnerId, coupon.Id, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await db.CommitAsync(cancellationToken);
        logger.LogInformation("Reward {RewardId} claimed by {LearnerId}; coupon {CouponId} reserved", reward.Id, learnerId, coupon.Id);
        return reward.ToDto();
    }
}
