namespace LearningPlatform.Domain.Ranking;

/// <summary>
/// A learner's place in a ranked exam: one row per learner (their best counted result), written by the set-based
/// ranking and never changed afterwards. <see cref="Position"/> is the 1-based place in the order; tied learners
/// share <see cref="Rank"/>.
/// </summary>
public sealed class Standing
{
    private Standing()
    {
    }

    public Guid ExamId { get; private set; }
    public int Position { get; private set; }
    public int Rank { get; private set; }
    public Guid LearnerId { get; private set; }
    public Guid ResultId { get; private set; }
    public int Score { get; private set; }
    public long TotalElapsedMs { get; private set; }
    public DateTimeOffset FinishedAt { get; private set; }

    /// <summary>Coins won, credited to the learner's coin ledger by the same transaction.</summary>
    public long? PrizeCoins { get; private set; }

    /// <summary>The campaign of the coupon won; the reward row (ASSIGNED) is written by the same transaction.</summary>
    public Guid? CouponCampaignId { get; private set; }

    public bool HasPrize => PrizeCoins is > 0 || CouponCampaignId is not null;
}
