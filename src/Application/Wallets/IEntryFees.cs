namespace LearningPlatform.Application.Wallets;

/// <summary>The set-based and locking parts of entry fees, inside the caller's transaction.</summary>
public interface IEntryFees
{
    /// <summary>
    /// Locks the exam's row against a cancellation (<c>FOR SHARE</c>: starts do not wait for each other) until the caller's
    /// transaction ends, and throws if it is no longer OPEN. A fee charged under this hold is committed before a
    /// cancellation can move the exam, so the cancellation's refund sees it; a start after the cancellation is refused.
    /// </summary>
    Task EnsureOpenForEntryAsync(Guid examId, CancellationToken cancellationToken);

    /// <summary>
    /// Refunds every entry fee of the exam not refunded yet (one ledger row per learner, the unique key making a second
    /// refund a no-op) and adds it to the wallets, in one statement. Returns how many fees it refunded.
    /// </summary>
    Task<int> RefundAsync(Guid examId, DateTimeOffset now, CancellationToken cancellationToken);
}
