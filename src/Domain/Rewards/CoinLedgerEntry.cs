namespace LearningPlatform.Domain.Rewards;

/// <summary>Why coins moved. Each reason moves coins one way: prizes, refunds and grants in, fees out.</summary>
public enum CoinEntryReason
{
    /// <summary>A prize credited by an exam's ranking (taken back and written again by a rerun before publishing).</summary>
    ExamPrize,
    /// <summary>An exam's entry fee, debited with the learner's first attempt of it.</summary>
    EntryFee,
    /// <summary>An entry fee given back because the exam was cancelled.</summary>
    EntryRefund,
    /// <summary>The coins a learner's wallet opens with while the demo seed is on (<c>Seed:DemoCoins</c>).</summary>
    DemoGrant,
}

/// <summary>
/// One movement of a learner's coins; the learner's <see cref="Wallets.Wallet"/> holds their sum. Entries are only
/// added (a rerun's prizes excepted, see <c>IExamRanker.ClearAsync</c>); a learner has at most one entry per exam and
/// reason (a unique index), so a prize is credited, a fee charged and a fee refunded at most once per exam.
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

    /// <summary>Made by the wallet only, so no entry exists that its balance does not count.</summary>
    internal static CoinLedgerEntry Create(Guid learnerId, long amount, CoinEntryReason reason, Guid? examId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        LearnerId = learnerId,
        Amount = amount,
        Reason = reason,
        ExamId = examId,
        CreatedAt = now,
    };
}
