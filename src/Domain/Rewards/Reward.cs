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

/// <summary>
/// A coupon prize won in an exam. The ranking writes it ASSIGNED; the learner claims it and an admin approves and
/// fulfils it. The coupon code itself is never on this row: it is reserved from stock only in the claim flow.
/// </summary>
public sealed class Reward
{
    private Reward()
    {
    }

    public Guid Id { get; private set; }
    public Guid LearnerId { get; private set; }
    public Guid ExamId { get; private set; }
    public Guid CouponCampaignId { get; private set; }
    public RewardStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public uint Version { get; private set; }
}
