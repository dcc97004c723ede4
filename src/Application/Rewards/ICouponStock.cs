namespace LearningPlatform.Application.Rewards;

/// <summary>A campaign's coupons as the claim takes them.</summary>
public interface ICouponStock
{
    /// <summary>
    /// The oldest available coupon of the campaign, locked for the caller's transaction (concurrent claims skip it and
    /// take the next), or null when the campaign is out of stock.
    /// </summary>
    Task<Domain.Rewards.Coupon?> TakeAvailableAsync(Guid campaignId, CancellationToken cancellationToken);
}
