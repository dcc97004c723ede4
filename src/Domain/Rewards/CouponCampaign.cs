namespace LearningPlatform.Domain.Rewards;

/// <summary>
/// A named stock of coupons that prize tables point at (<c>couponCampaignId</c>): created by an admin, then filled by
/// imports. Stock is only ever imported into a campaign that exists, so a mistyped id cannot hold codes nobody claims.
/// </summary>
public sealed class CouponCampaign
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 1000;

    private CouponCampaign()
    {
        Name = string.Empty;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; }
    public string? Description { get; private set; }
    public Guid CreatedBy { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static CouponCampaign Create(string name, string? description, Guid adminId, DateTimeOffset now, Guid? id = null)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength
            || (description is not null && description.Trim().Length > MaxDescriptionLength))
        {
            throw RewardErrors.CampaignInvalid();
        }

        return new CouponCampaign
        {
            Id = id ?? Guid.CreateVersion7(now),
            Name = name.Trim(),
            Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim(),
            CreatedBy = adminId,
            CreatedAt = now,
        };
    }
}
