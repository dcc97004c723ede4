using LearningPlatform.Domain.Common;

namespace LearningPlatform.Domain.Rewards;

/// <summary><c>ASSIGNED → REQUESTED → APPROVED | REJECTED</c>, <c>APPROVED → FULFILLED</c>, and <c>→ CANCELLED</c>.</summary>
public enum RewardStatus
{
    Assigned,
    Requested,
    Approved,
    Rejected,
    Fulfilled,
    Cancelled,
}

/// <summary>Who moved a reward: the learner who owns it, an admin, or the platform itself.</summary>
public enum RewardActor
{
    Learner,
    Admin,
    System,
}

/// <summary>One recorded move of a reward: from, to, who, when and why.</summary>
public sealed class RewardTransition
{
    private RewardTransition()
    {
    }

    public Guid Id { get; private set; }
    public Guid RewardId { get; private set; }
    public RewardStatus From { get; private set; }
    public RewardStatus To { get; private set; }
    public RewardActor ActorKind { get; private set; }
    public Guid? ActorId { get; private set; }
    public string? Reason { get; private set; }
    public DateTimeOffset At { get; private set; }

    internal static RewardTransition Of(Guid rewardId, RewardStatus from, RewardStatus to, RewardActor kind, Guid? actorId, string? reason, DateTimeOffset at) =>
        new() { Id = Guid.CreateVersion7(at), RewardId = rewardId, From = from, To = to, ActorKind = kind, ActorId = actorId, Reason = reason, At = at };
}

/// <summary>
/// A coupon prize won in an exam. The ranking writes it ASSIGNED; the learner claims it (a coupon of the campaign is
/// reserved for it then), an admin approves and fulfils it, or rejects or cancels it (the coupon goes back to stock).
/// Any other move is refused. Every move is recorded; the row version keeps two admins from both winning.
/// The coupon code is never on this row: only the id of the reserved coupon.
/// </summary>
public sealed class Reward
{
    public const int MaxReasonLength = 500;

    private readonly List<RewardTransition> _transitions = [];

    private Reward()
    {
    }

    public Guid Id { get; private set; }
    public Guid LearnerId { get; private set; }
    public Guid ExamId { get; private set; }
    public Guid CouponCampaignId { get; private set; }
    public RewardStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The coupon reserved by the claim; released on rejection or cancellation.</summary>
    public Guid? CouponId { get; private set; }

    public uint Version { get; private set; }
    public IReadOnlyList<RewardTransition> Transitions => _transitions;

    public static Reward Assign(Guid learnerId, Guid examId, Guid couponCampaignId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        LearnerId = learnerId,
        ExamId = examId,
        CouponCampaignId = couponCampaignId,
        Status = RewardStatus.Assigned,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>The owner claims it, with the coupon reserved for it.</summary>
    public void Claim(Guid learnerId, Guid couponId, DateTimeOffset now)
    {
        if (learnerId != LearnerId)
        {
            throw RewardErrors.NotFound();
        }

        Move(RewardStatus.Requested, RewardActor.Learner, learnerId, null, now);
        CouponId = couponId;
    }

    /// <summary>REQUESTED → APPROVED; the admin's reason, if any, is kept with the move.</summary>
    public void Approve(Guid adminId, DateTimeOffset now, string? reason = null) =>
        Move(RewardStatus.Approved, RewardActor.Admin, adminId, OptionalReason(reason), now);

    /// <summary>Refuses the claim; returns the coupon to release.</summary>
    public Guid? Reject(Guid adminId, string reason, DateTimeOffset now)
    {
        Move(RewardStatus.Rejected, RewardActor.Admin, adminId, RequireReason(reason), now);
        return Release();
    }

    /// <summary>APPROVED → FULFILLED; the admin's reason, if any, is kept with the move.</summary>
    public void Fulfill(Guid adminId, DateTimeOffset now, string? reason = null) =>
        Move(RewardStatus.Fulfilled, RewardActor.Admin, adminId, OptionalReason(reason), now);

    /// <summary>Withdraws the reward (an admin, or the platform when the result is invalidated); returns the coupon to release.</summary>
    public Guid? Cancel(RewardActor actor, Guid? actorId, string reason, DateTimeOffset now)
    {
        Move(RewardStatus.Cancelled, actor, actorId, RequireReason(reason), now);
        return Release();
    }

    public static bool CanMove(RewardStatus from, RewardStatus to) => (from, to) switch
    {
        (RewardStatus.Assigned, RewardStatus.Requested) => true,
        (RewardStatus.Requested, RewardStatus.Approved or RewardStatus.Rejected) => true,
        (RewardStatus.Approved, RewardStatus.Fulfilled) => true,
        (RewardStatus.Assigned or RewardStatus.Requested or RewardStatus.Approved, RewardStatus.Cancelled) => true,
        _ => false,
    };

    private void Move(RewardStatus to, RewardActor actor, Guid? actorId, string? reason, DateTimeOffset now)
    {
        if (!CanMove(Status, to))
        {
            throw RewardErrors.InvalidTransition(Status, to);
        }

        _transitions.Add(RewardTransition.Of(Id, Status, to, actor, actorId, reason, now));
        Status = to;
        UpdatedAt = now;
    }

    private Guid? Release()
    {
        var coupon = CouponId;
        CouponId = null;
        return coupon;
    }

    private static string? OptionalReason(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return null;
        }

        return reason.Trim().Length <= MaxReasonLength ? reason.Trim() : throw RewardErrors.ReasonTooLong();
    }

    private static string RequireReason(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxReasonLength)
        {
            throw RewardErrors.ReasonRequired();
        }

        return reason.Trim();
    }
}

public static class RewardErrors
{
    public static DomainException NotFound() =>
        new("reward.not_found", "The reward does not exist.", DomainErrorKind.NotFound);

    public static DomainException InvalidTransition(RewardStatus from, RewardStatus to) =>
        new("reward.invalid_transition",
            $"A reward cannot go from {from.ToUpperSnake()} to {to.ToUpperSnake()}.", DomainErrorKind.Conflict);

    public static DomainException InvalidStatus() =>
        new("reward.invalid_status",
            $"status is one of {string.Join(", ", Enum.GetValues<RewardStatus>().Select(s => s.ToUpperSnake()))}.", DomainErrorKind.Invalid);

    public static DomainException CouponInvalidTransition(CouponStatus from, CouponStatus to) =>
        new("coupon.invalid_transition", $"A coupon cannot go from {from.ToUpperSnake()} to {to.ToUpperSnake()}.", DomainErrorKind.Conflict);

    public static DomainException ImportTooLarge(int maxLines) =>
        new("coupon.import_too_large", $"At most {maxLines} lines per import.", DomainErrorKind.Invalid);

    public static DomainException ReasonRequired() =>
        new("reward.reason_required", $"A reason (1..{Reward.MaxReasonLength} characters) is required.", DomainErrorKind.Invalid);

    public static DomainException ReasonTooLong() =>
        new("reward.reason_too_long", $"A reason is at most {Reward.MaxReasonLength} characters.", DomainErrorKind.Invalid);

    public static DomainException CampaignNotFound() =>
        new("coupon_campaign.not_found", "The coupon campaign does not exist.", DomainErrorKind.NotFound);

    public static DomainException CampaignNameTaken() =>
        new("coupon_campaign.name_taken", "Another coupon campaign has this name.", DomainErrorKind.Conflict);

    public static DomainException CampaignInvalid() =>
        new("coupon_campaign.invalid",
            $"A campaign has a name of 1..{CouponCampaign.MaxNameLength} characters and a description of at most {CouponCampaign.MaxDescriptionLength}.",
            DomainErrorKind.Invalid);

    public static DomainException OutOfStock(Guid campaignId) =>
        new("coupon.out_of_stock", $"Campaign {campaignId} has no coupon left; the claim can be made again once stock is added.",
            DomainErrorKind.Conflict);
}
