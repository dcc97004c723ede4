using FluentValidation;
using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Audit;
using LearningPlatform.Domain.Rewards;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Rewards;

public sealed record CouponCampaignRequest(string? Name, [property: Multiline] string? Description);

internal sealed class CouponCampaignRequestValidator : AbstractValidator<CouponCampaignRequest>
{
    public CouponCampaignRequestValidator()
    {
        RuleFor(r => r.Name).NotEmpty().Must(n => n is null || n.Trim().Length is > 0 and <= CouponCampaign.MaxNameLength)
            .WithMessage($"A name has 1..{CouponCampaign.MaxNameLength} characters.");
        RuleFor(r => r.Description).MaximumLength(CouponCampaign.MaxDescriptionLength);
    }
}

/// <summary>A new, empty coupon campaign: prize tables can point at it, and its stock is imported next. Audited.</summary>
public sealed class CreateCouponCampaign(ILearningDb db, TimeProvider clock)
{
    public async Task<CouponCampaignDto> HandleAsync(CouponCampaignRequest request, Guid adminId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var campaign = CouponCampaign.Create(request.Name!, request.Description, adminId, now);
        // The unique index settles a race the same way (409).
        if (await db.CouponCampaigns.AnyAsync(c => c.Name == campaign.Name, cancellationToken))
        {
            throw RewardErrors.CampaignNameTaken();
        }

        db.CouponCampaigns.Add(campaign);
        db.Record(adminId, "created", AuditEntity.CouponCampaign, campaign.Id, now, new { campaign.Name });
        await db.SaveChangesAsync(cancellationToken);
        return new CouponCampaignDto(campaign.Id, campaign.Name, campaign.Description, campaign.CreatedBy, campaign.CreatedAt, 0, 0, 0);
    }
}
