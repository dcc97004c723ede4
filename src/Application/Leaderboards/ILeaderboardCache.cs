namespace LearningPlatform.Application.Leaderboards;

/// <summary>
/// One line of a leaderboard: tied learners share <see cref="Rank"/>; <see cref="Position"/> is 1-based.
/// <see cref="DisplayName"/> is null when the learner has none; boards are stored without names, which are added per read.
/// </summary>
public sealed record LeaderboardEntry(long Position, int Rank, Guid LearnerId, int Score, long TotalElapsedMs, string? DisplayName = null);

/// <summary>
/// What the cache holds for an exam: provisional (live, during the exam) or final (after publish). <see cref="Unnamed"/>:
/// null when the entries come without names (from PostgreSQL), else the learners whose names the cache did not have
/// (the others' <see cref="LeaderboardEntry.DisplayName"/> is as the cache holds it).
/// </summary>
public sealed record LeaderboardSlice(bool Final, long Total, IReadOnlyList<LeaderboardEntry> Entries, IReadOnlyList<Guid>? Unnamed = null);

/// <summary>
/// A learner's window of a board: <see cref="Me"/> is null when the learner is not on it. <see cref="PositionUnknown"/>:
/// the board is final and the cache keeps no per-learner index (decision 132); the caller finds the learner's position
/// in the standings and reads the window as a page (<see cref="Slice"/> then has the total and no entries).
/// </summary>
public sealed record LeaderboardWindow(LeaderboardSlice Slice, LeaderboardEntry? Me, bool PositionUnknown = false);

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

    /// <summary>
    /// The learner's line and up to <paramref name="radius"/> lines on each side; no entries if the learner is not on the
    /// board, or if the board is final and does not know positions (<see cref="LeaderboardWindow.PositionUnknown"/>).
    /// </summary>
    Task<LeaderboardWindow?> AroundAsync(Guid examId, Guid learnerId, int radius, CancellationToken cancellationToken);

    /// <summary>Replaces the board with <paramref name="entries"/> (in order); a live rebuild never replaces a final board.</summary>
    Task<long> ReplaceAsync(Guid examId, bool final, IAsyncEnumerable<LeaderboardEntry> entries, CancellationToken cancellationToken);

    /// <summary>Drops the exam's board, so the next read rebuilds it.</summary>
    Task ForgetAsync(Guid examId, CancellationToken cancellationToken);

    /// <summary>
    /// Keeps names read from PostgreSQL beside the exam's board for the next reads (<paramref name="found"/> lacks those
    /// without a name); never replaces a name the cache has (a rename's, written after its commit).
    /// </summary>
    Task RememberNamesAsync(Guid examId, IReadOnlyCollection<Guid> learnerIds, IReadOnlyDictionary<Guid, string> found, CancellationToken cancellationToken);

    /// <summary>After a learner's name change committed: the new name (null: none) on the boards of <paramref name="examIds"/>.</summary>
    Task RenamedAsync(Guid learnerId, string? displayName, IReadOnlyCollection<Guid> examIds, CancellationToken cancellationToken);
}

/// <summary>A cache (Redis) did not answer; the caller reads PostgreSQL instead.</summary>
public sealed class CacheUnavailableException(string message, Exception inner) : Exception(message, inner);
