using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Rewards;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Rewards;

/// <summary>One campaign with its stock; 404 <c>coupon_campaign.not_found</c>.</summary>
public sealed class GetCouponCampaign(ILearningDb db)
{
    public async Task<CouponCampaignDto> HandleAsync(Guid campaignId, CancellationToken cancellationToken) =>
        await ListCouponCampaigns.Project(db, db.CouponCampaigns.AsNoTracking().Where(c => c.Id == campaignId)).FirstOrDefaultAsync(cancellationToken)
            ?? throw RewardErrors.CampaignNotFound();
}
