using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Rewards;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Rewards;

/// <summary>
/// A campaign and its stock: <c>available</c> (in stock), <c>reserved</c> (held for a claimed or approved reward) and
/// <c>used</c> (handed out: the reward is FULFILLED).
/// </summary>
public sealed record CouponCampaignDto(
    Guid Id, string Name, string? Description, Guid CreatedBy, DateTimeOffset CreatedAt, int Available, int Reserved, int Used);

/// <summary>The coupon campaigns, newest first, each with its stock counted in the same query.</summary>
public sealed class ListCouponCampaigns(ILearningDb db)
{
    public async Task<IReadOnlyList<CouponCampaignDto>> HandleAsync(long offset, int limit, CancellationToken cancellationToken) =>
        await Project(db, db.CouponCampaigns.AsNoTracking().OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).Skip((int)offset).Take(limit))
            .ToListAsync(cancellationToken);

    internal static IQueryable<CouponCampaignDto> Project(ILearningDb db, IQueryable<CouponCampaign> campaigns) =>
        campaigns.Select(c => new
            {
                Campaign = c,
                Available = db.Coupons.Count(k => k.CampaignId == c.Id && k.Status == CouponStatus.Available),
                Held = db.Coupons.Count(k => k.CampaignId == c.Id && k.Status == CouponStatus.Reserved),
                Used = db.Rewards.Count(r => r.CouponCampaignId == c.Id && r.Status == RewardStatus.Fulfilled && r.CouponId != null),
            })
            .Select(x => new CouponCampaignDto(
                x.Campaign.Id, x.Campaign.Name, x.Campaign.Description, x.Campaign.CreatedBy, x.Campaign.CreatedAt,
                x.Available, x.Held - x.Used, x.Used));
}
