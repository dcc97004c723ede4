using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Rewards;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Application.Rewards;

public enum RewardAction
{
    Approve,
    Reject,
    Fulfill,
    Cancel,
}

/// <summary>
/// The admin side of rewards: lists (coupon masked) and the moves. Each move is saved under the reward's row version
/// (two admins at once: one wins, the other gets 409), records who and why, releases a reserved coupon on rejection
/// or cancellation, and queues the learner's notification in the same transaction.
/// </summary>
public sealed class AdminRewards(ILearningDb db, TimeProvider clock, ILogger<AdminRewards> logger)
{
    public const int MaxLimit = 200;

    public async Task<IReadOnlyList<AdminRewardDto>> ListAsync(string? status, int limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxLimit)
        {
            throw new DomainException("reward.invalid_limit", $"limit is 1..{MaxLimit}.", DomainErrorKind.Invalid);
        }

        RewardStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            wanted = Enum.TryParse<RewardStatus>(status, ignoreCase: true, out var parsed) && !int.TryParse(status, out _)
                ? parsed
                : throw new DomainException("reward.invalid_status",
                    $"status is one of {string.Join(", ", Enum.GetNames<RewardStatus>().Select(n => n.ToUpperInvariant()))}.", DomainErrorKind.Invalid);
        }

        return await db.Rewards.AsNoTracking()
            .Where(r => wanted == null || r.Status == wanted)
            .OrderByDescending(r => r.UpdatedAt)
            .Take(limit)
            .Select(r => new AdminRewardDto(
                r.Id, r.LearnerId, r.ExamId, r.CouponCampaignId, r.Status.ToString().ToUpper(), r.CreatedAt, r.UpdatedAt,
                db.Coupons.Where(c => c.Id == r.CouponId).Select(c => c.Masked).FirstOrDefault()))
            .ToListAsync(cancellationToken);
    }

    public async Task<AdminRewardDto> MoveAsync(Guid rewardId, RewardAction action, Guid adminId, string? reason, CancellationToken cancellationToken)
    {
        var reward = await db.Rewards.SingleOrDefaultAsync(r => r.Id == rewardId, cancellationToken) ?? throw RewardErrors.NotFound();
        var now = clock.GetUtcNow();
        Guid? released = action switch
        {
            RewardAction.Approve => Do(() => reward.Approve(adminId, now)),
            RewardAction.Fulfill => Do(() => reward.Fulfill(adminId, now)),
            RewardAction.Reject => reward.Reject(adminId, reason ?? string.Empty, now),
            RewardAction.Cancel => reward.Cancel(RewardActor.Admin, adminId, reason ?? string.Empty, now),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };

        if (released is { } couponId)
        {
            (await db.Coupons.SingleAsync(c => c.Id == couponId, cancellationToken)).Release();
        }

        RewardNotices.Queue(db, reward, now);
        // The reward's row version: if another admin moved it since we read it, this save fails with 409.
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Reward {RewardId} {Action} by admin {AdminId}: now {Status}{Released}", reward.Id, action, adminId,
            reward.Status, released is null ? string.Empty : $", coupon {released} back in stock");

        var masked = reward.CouponId is { } id ? await db.Coupons.Where(c => c.Id == id).Select(c => c.Masked).SingleAsync(cancellationToken) : null;
        return new AdminRewardDto(reward.Id, reward.LearnerId, reward.ExamId, reward.CouponCampaignId, RewardDto.StatusName(reward.Status),
            reward.CreatedAt, reward.UpdatedAt, masked);
    }

    private static Guid? Do(Action move)
    {
        move();
        return null;
    }
}
