namespace LearningPlatform.Application.Leaderboards;

/// <summary>
/// One line of a leaderboard: tied learners share <see cref="Rank"/>; <see cref="Position"/> is 1-based.
/// <see cref="DisplayName"/> is null when the learner has none; boards are stored without names, which are added per read.
/// </summary>
public sealed record LeaderboardEntry(long Position, int Rank, Guid LearnerId, int Score, long TotalElapsedMs, string? DisplayName = null);

/// <summary>What the cache holds for an exam: provisional (live, during the exam) or final (after publish).</summary>
public sealed record LeaderboardSlice(bool Final, long Total, IReadOnlyList<LeaderboardEntry> Entries);

/// <summary>
/// The exam leaderboards in Redis (<c>lp:lb:{examId}</c>). The live one is updated on each completion and keeps each
/// learner's best; the final one is written at publish. Both are rebuilt from PostgreSQL when missing, into a
/// temporary key that replaces the old one atomically, so a half-built board is never read.
/// Reads return null when the exam has no board in Redis.
/// </summary>
public interface ILeaderboardCache
{
    Task RecordAsync(Guid examId, Guid learnerId, int score, long totalElapsedMs, CancellationToken cancellationToken);

    Task<LeaderboardSlice?> PageAsync(Guid examId, long offset, int limit, CancellationToken cancellationToken);

    /// <summary>The learner's line and up to <paramref name="radius"/> lines on each side; no entries if the learner is not on the board.</summary>
    Task<(LeaderboardSlice Slice, LeaderboardEntry? Me)?> AroundAsync(Guid examId, Guid learnerId, int radius, CancellationToken cancellationToken);

    /// <summary>Replaces the board with <paramref name="entries"/> (in order); a live rebuild never replaces a final board.</summary>
    Task<long> ReplaceAsync(Guid examId, bool final, IAsyncEnumerable<LeaderboardEntry> entries, CancellationToken cancellationToken);

    /// <summary>Drops the exam's board, so the next read rebuilds it.</summary>
    Task ForgetAsync(Guid examId, CancellationToken cancellationToken);
}

/// <summary>A cache (Redis) did not answer; the caller reads PostgreSQL instead.</summary>
public sealed class CacheUnavailableException(string message, Exception inner) : Exception(message, inner);
