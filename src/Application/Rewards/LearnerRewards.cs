using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Rewards;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Application.Rewards;

/// <summary>
/// A learner's own rewards: list, one, and the claim. Someone else's reward is reported as missing. The coupon code
/// is decrypted only for the owner of a FULFILLED reward, and only in <see cref="GetAsync"/>.
/// </summary>
public sealed class LearnerRewards(ILearningDb db, ICouponCodes codes, ICouponStock stock, TimeProvider clock, ILogger<LearnerRewards> logger)
{
    public async Task<IReadOnlyList<RewardDto>> ListAsync(Guid learnerId, CancellationToken cancellationToken)
    {
        var rewards = await db.Rewards.AsNoTracking().Where(r => r.LearnerId == learnerId)
            .OrderByDescending(r => r.CreatedAt).Take(200).ToListAsync(cancellationToken);
        return [.. rewards.Select(r => RewardDto.From(r))];
    }

    public async Task<RewardDto> GetAsync(Guid learnerId, Guid rewardId, CancellationToken cancellationToken)
    {
        var reward = await db.Rewards.AsNoTracking().SingleOrDefaultAsync(r => r.Id == rewardId && r.LearnerId == learnerId, cancellationToken)
            ?? throw RewardErrors.NotFound();
        if (reward.Status != RewardStatus.Fulfilled || reward.CouponId is not { } couponId)
        {
            return RewardDto.From(reward);
        }

        var ciphertext = await db.Coupons.Where(c => c.Id == couponId).Select(c => c.CodeCiphertext).SingleAsync(cancellationToken);
        return RewardDto.From(reward, codes.Reveal(ciphertext));
    }

    /// <summary>ASSIGNED → REQUESTED, with the oldest available coupon of the campaign reserved for it.</summary>
    public async Task<RewardDto> ClaimAsync(Guid learnerId, Guid rewardId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        var reward = await db.Rewards.SingleOrDefaultAsync(r => r.Id == rewardId && r.LearnerId == learnerId, cancellationToken)
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
        return RewardDto.From(reward);
    }
}
