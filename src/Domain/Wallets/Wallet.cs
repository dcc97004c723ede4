using LearningPlatform.Domain.Rewards;

namespace LearningPlatform.Domain.Wallets;

/// <summary>
/// A learner's coins: the balance is the sum of their <see cref="CoinLedgerEntry"/> rows and is changed only together
/// with one (here, or by the ranking's and the cancellation's set-based statements in the same transaction). It never
/// goes below zero: the methods refuse it, and a CHECK constraint refuses it whatever writes the row.
/// </summary>
public sealed class Wallet
{
    private Wallet()
    {
    }

    public Guid LearnerId { get; private set; }
    public long Balance { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The row version: two debits of one wallet at once cannot both spend the same coins.</summary>
    public uint Version { get; private set; }

    public static Wallet Open(Guid learnerId, DateTimeOffset now) => new() { LearnerId = learnerId, UpdatedAt = now };

    public CoinLedgerEntry Credit(long amount, CoinEntryReason reason, Guid? examId, DateTimeOffset now)
    {
        if (amount <= 0 || reason is CoinEntryReason.EntryFee)
        {
            throw WalletErrors.InvalidMovement(amount, reason);
        }

        Balance = checked(Balance + amount);
        UpdatedAt = now;
        return CoinLedgerEntry.Create(LearnerId, amount, reason, examId, now);
    }

    /// <summary>Takes <paramref name="amount"/> coins, or throws <c>wallet.insufficient_funds</c> and changes nothing.</summary>
    public CoinLedgerEntry Debit(long amount, CoinEntryReason reason, Guid? examId, DateTimeOffset now)
    {
        if (amount <= 0 || reason is not CoinEntryReason.EntryFee)
        {
            throw WalletErrors.InvalidMovement(-amount, reason);
        }

        if (Balance < amount)
        {
            throw WalletErrors.InsufficientFunds(Balance, amount);
        }

        Balance -= amount;
        UpdatedAt = now;
        return CoinLedgerEntry.Create(LearnerId, -amount, reason, examId, now);
    }
}
