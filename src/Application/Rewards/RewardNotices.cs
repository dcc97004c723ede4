using LearningPlatform.Application.Notifications;
using LearningPlatform.Domain.Common;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Notifications;
using LearningPlatform.Domain.Rewards;

namespace LearningPlatform.Application.Rewards;

/// <summary>
/// Tells a learner their reward moved: an inbox notification and the outbox message that pushes it, added to the same
/// unit of work as the move. Never carries the coupon code: the app opens the reward (its deeplink) to see it.
/// </summary>
internal static class RewardNotices
{
    public const string Type = "reward.status_changed";

    public static void Queue(ILearningDb db, Reward reward, DateTimeOffset now)
    {
        var (title, body) = reward.Status switch
        {
            RewardStatus.Approved => ("Reward approved", "Your reward was approved and is on its way."),
            RewardStatus.Rejected => ("Reward not granted", "Your reward claim was declined. Open it to see why."),
            RewardStatus.Fulfilled => ("Your reward is ready", "Open your reward to see your coupon."),
            RewardStatus.Cancelled => ("Reward withdrawn", "Your reward was withdrawn. Open it to see why."),
            _ => ("Reward updated", $"Your reward is now {reward.Status.ToUpperSnake()}."),
        };
        var deeplink = $"learning://rewards/{reward.Id}";
        var notification = Notification.For(reward.LearnerId, Type, title, body, deeplink, now);
        db.Notifications.Add(notification);
        db.Outbox.Add(OutboxMessage.ToLearner(
            notification,
            new PushPayload(title, body, deeplink,
                new Dictionary<string, string?> { ["rewardId"] = reward.Id.ToString(), ["status"] = reward.Status.ToUpperSnake() }).ToJson(),
            $"{Type}:{reward.Id}:{reward.Status}"));
    }
}
