using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Rewards;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Rewards;

/// <summary>
/// One of the caller's rewards; someone else's is reported as missing. The coupon code is decrypted only here, and
/// only for the owner of a FULFILLED reward.
/// </summary>
public sealed class GetReward(ILearningDb db, ICouponCodes codes)
{
    public async Task<RewardDto> HandleAsync(Guid learnerId, Guid rewardId, CancellationToken cancellationToken)
    {
        var reward = await db.Rewards.AsNoTracking().VisibleTo(db, learnerId).SingleOrDefaultAsync(r => r.Id == rewardId, cancellationToken)
            ?? throw RewardErrors.NotFound();
        if (reward.Status != RewardStatus.Fulfilled || reward.CouponId is not { } couponId)
        {
            return reward.ToDto();
        }

        var ciphertext = await db.Coupons.Where(c => c.Id == couponId).Select(c => c.CodeCiphertext).SingleAsync(cancellationToken);
        return reward.ToDto(codes.Reveal(ciphertext));
    }
}
