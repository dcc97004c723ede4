namespace LearningPlatform.Application.Rewards;

/// <summary>APPROVED → FULFILLED: the learner can now see the coupon code.</summary>
public sealed class FulfillReward(RewardModeration moderation)
{
    public Task<AdminRewardDto> HandleAsync(Guid rewardId, Guid adminId, string? reason, CancellationToken cancellationToken) =>
        moderation.MoveAsync(rewardId, "fulfilled", adminId, (reward, now) =>
        {
            reward.Fulfill(adminId, now, reason);
            return null;
        }, cancellationToken);
}
