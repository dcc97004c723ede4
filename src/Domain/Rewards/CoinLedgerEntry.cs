namespace LearningPlatform.Domain.Rewards;

public enum CoinEntryReason
{
    ExamPrize,
}

/// <summary>
/// One movement of a learner's coins (the balance is the sum). Entries are only added, never changed; an exam prize is
/// credited at most once per learner and exam (a unique index).
/// </summary>
public sealed class CoinLedgerEntry
{
    private CoinLedgerEntry()
    {
    }

    public Guid Id { get; private set; }
    public Guid LearnerId { get; private set; }
    public long Amount { get; private set; }
    public CoinEntryReason Reason { get; private set; }
    public Guid? ExamId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
}
