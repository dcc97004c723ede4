namespace LearningPlatform.Application.Ranking;

/// <summary>
/// The set-based part of a ranking, run inside the caller's transaction: standings with shared ranks, prizes by the
/// exam's table and tie rule, coupon rewards (ASSIGNED) and coin ledger credits. The attempts never leave the database.
/// </summary>
public interface IExamRanker
{
    Task<RankingWritten> WriteAsync(Domain.Exams.Exam exam, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Writes one personal outbox message per prize winner of a ranked exam (inside the caller's transaction);
    /// returns how many. The coupon code is never in them: a winner is pointed to the result screen.
    /// </summary>
    Task<int> WriteWinnerNoticesAsync(Domain.Exams.Exam exam, DateTimeOffset now, CancellationToken cancellationToken);
}

public sealed record RankingWritten(int Participants, int Winners, long PaidOut);
