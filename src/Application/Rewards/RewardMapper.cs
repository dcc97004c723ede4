using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Rewards;
using Riok.Mapperly.Abstractions;

namespace LearningPlatform.Application.Rewards;

/// <summary>
/// The one place reward DTOs are built. A learner's <see cref="RewardDto"/> carries a coupon code only when
/// <see cref="GetReward"/> passes one (the owner of a FULFILLED reward); an admin's <see cref="AdminRewardDto"/> carries
/// the reserved coupon masked, read in the same query.
/// </summary>
[Mapper(RequiredMappingStrategy = RequiredMappingStrategy.Target)]
public static partial class RewardMapper
{
    public static partial RewardDto ToDto(this Reward reward, string? couponCode = null);

    public static IQueryable<AdminRewardDto> ProjectToAdminDto(this IQueryable<Reward> rewards, ILearningDb db) =>
        rewards.Select(r => new AdminRewardDto(
            r.Id, r.LearnerId, r.ExamId, r.CouponCampaignId, r.Status, r.CreatedAt, r.UpdatedAt,
            db.Coupons.Where(c => c.Id == r.CouponId).Select(c => c.Masked).FirstOrDefault()));
}
