namespace LearningPlatform.Application.Ranking;

/// <summary>
/// The set-based part of a ranking, run inside the caller's transaction: standings with shared ranks, prizes by the
/// exam's table and tie rule, coupon rewards (ASSIGNED) and coin ledger credits with the wallets' balances. The attempts
/// never leave the database.
/// </summary>
public interface IExamRanker
{
    Task<RankingWritten> WriteAsync(Domain.Exams.Exam exam, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Before a rerun writes (inside the caller's transaction): deletes the unpublished ranking's standings and its prize
    /// credits, returning the credits taken back. <see cref="WriteAsync"/> then credits the new prizes, so a learner's
    /// prize of this exam is one ledger row at every commit; the wallets follow with <see cref="TakeBackAsync"/>.
    /// </summary>
    Task<IReadOnlyList<PrizeCredit>> ClearAsync(Domain.Exams.Exam exam, CancellationToken cancellationToken);

    /// <summary>
    /// After a rerun wrote (inside the caller's transaction): takes the credits <see cref="ClearAsync"/> removed from the
    /// ledger out of the learners' wallets (<see cref="WriteAsync"/> added the new ones). Fails when a learner's balance
    /// cannot cover it (the wallet never goes below zero).
    /// </summary>
    Task TakeBackAsync(IReadOnlyList<PrizeCredit> credits, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// After a rerun wrote (inside the caller's transaction): deletes the ASSIGNED rewards the new ranking no longer awards
    /// (learner and campaign) and assigns a reward for each coupon prize whose learner has none for this exam. A learner
    /// whose reward went past ASSIGNED keeps that one (one reward per exam and learner); the caller settles those.
    /// </summary>
    Task<RewardsSettled> SettleRewardsAsync(Domain.Exams.Exam exam, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Writes one personal outbox message per prize winner of a ranked exam (inside the caller's transaction);
    /// returns how many. The coupon code is never in them: a winner is pointed to the result screen.
    /// </summary>
    Task<int> WriteWinnerNoticesAsync(Domain.Exams.Exam exam, DateTimeOffset now, CancellationToken cancellationToken);
}

public sealed record RankingWritten(int Participants, int Winners, long PaidOut);

/// <summary>One prize credit of the ledger: who and how many coins.</summary>
public sealed record PrizeCredit(Guid LearnerId, long Amount);

public sealed record RewardsSettled(int Removed, int Assigned);
