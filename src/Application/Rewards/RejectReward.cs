namespace LearningPlatform.Application.Rewards;

/// <summary>REQUESTED → REJECTED with a reason; the reserved coupon goes back in stock.</summary>
public sealed class RejectReward(RewardModeration moderation)
{
    public Task<AdminRewardDto> HandleAsync(Guid rewardId, Guid adminId, string? reason, CancellationToken cancellationToken) =>
        moderation.MoveAsync(rewardId, "rejected", adminId, (reward, now) => reward.Reject(adminId, reason ?? string.Empty, now), cancellationToken);
}
