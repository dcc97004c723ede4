using LearningPlatform.Domain.Rewards;

namespace LearningPlatform.Application.Rewards;

/// <summary>ASSIGNED, REQUESTED or APPROVED → CANCELLED with a reason; a reserved coupon goes back in stock.</summary>
public sealed class CancelReward(RewardModeration moderation)
{
    public Task<AdminRewardDto> HandleAsync(Guid rewardId, Guid adminId, string? reason, CancellationToken cancellationToken) =>
        moderation.MoveAsync(rewardId, "cancelled", adminId,
            (reward, now) => reward.Cancel(RewardActor.Admin, adminId, reason ?? string.Empty, now), cancellationToken);
}
