namespace LearningPlatform.Application.Rewards;

/// <summary>REQUESTED → APPROVED.</summary>
public sealed class ApproveReward(RewardModeration moderation)
{
    public Task<AdminRewardDto> HandleAsync(Guid rewardId, Guid adminId, string? reason, CancellationToken cancellationToken) =>
        moderation.MoveAsync(rewardId, "approved", adminId, (reward, now) =>
        {
            reward.Approve(adminId, now, reason);
            return null;
        }, cancellationToken);
}
