namespace LearningPlatform.Application.Leaderboards;

/// <summary>The leaderboards as PostgreSQL has them: the source of every rebuild and the fallback while Redis is away.</summary>
public interface ILeaderboardSource
{
    /// <summary>Final: the published standings in order. Live: each learner's best counted result, ranked now.</summary>
    IAsyncEnumerable<LeaderboardEntry> ReadAsync(Guid examId, bool final, CancellationToken cancellationToken);

    Task<IReadOnlyList<LeaderboardEntry>> PageAsync(Guid examId, bool final, long offset, int limit, CancellationToken cancellationToken);

    /// <summary>The learner's line and up to <paramref name="radius"/> on each side; empty if the learner is not on the board.</summary>
    Task<IReadOnlyList<LeaderboardEntry>> AroundAsync(Guid examId, bool final, Guid learnerId, int radius, CancellationToken cancellationToken);

    Task<long> CountAsync(Guid examId, bool final, CancellationToken cancellationToken);

    /// <summary>The learner's published position (one lookup by the standings' (exam, learner) index); null if not on the board.</summary>
    Task<long?> FinalPositionAsync(Guid examId, Guid learnerId, CancellationToken cancellationToken);
}
