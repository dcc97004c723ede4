using LearningPlatform.Application.Exams;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Ranking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Application.Leaderboards;

/// <summary>
/// Leaderboard pages and a learner's own line, served from Redis. What a board may show depends on the exam
/// (<see cref="Exam.BoardVisibilityAt"/>): a contest shows only a count until its window closes, a practice exam has no
/// board. A board missing from Redis (or a live board left behind by a publish whose final write failed, or one that
/// missed a completion) is rebuilt from PostgreSQL by one request under a short lock while the others read PostgreSQL
/// directly, a few at a time; with Redis away every read goes to PostgreSQL. The database side
/// (<see cref="LeaderboardRebuild"/>) is created only when needed: a read of a final board served by Redis builds no
/// DbContext.
/// </summary>
public sealed class LeaderboardReader(
    ILeaderboardCache cache, Lazy<LeaderboardRebuild> database, StaleLeaderboards stale, ILogger<LeaderboardReader> logger)
{
    /// <summary>
    /// Reads a slice of the exam's board through <paramref name="fromCache"/>, or <paramref name="fromDatabase"/> (given
    /// whether the board is final) while Redis is away or the board is being rebuilt; with what the board may show.
    /// </summary>
    public async Task<(BoardVisibility, LeaderboardSlice)> ReadAsync(
        Guid examId, Func<Task<LeaderboardSlice?>> fromCache, Func<bool, Task<LeaderboardSlice>> fromDatabase, CancellationToken cancellationToken)
    {
        try
        {
            // A final board is served as it is (it exists only once published); anything else needs the exam's state.
            var cached = await stale.RepairAsync(examId, cache) ? null : await fromCache();
            if (cached is { Final: true })
            {
                return (BoardVisibility.Final, cached);
            }

            var visibility = await database.Value.VisibilityAsync(examId, cancellationToken);
            if (cached is not null && visibility != BoardVisibility.Final)
            {
                return (visibility, cached);
            }

            return (visibility, await RebuildAsync(examId, visibility, fromCache, fromDatabase, cancellationToken));
        }
        catch (CacheUnavailableException ex)
        {
            logger.LogWarning(ex, "Leaderboard of exam {ExamId} read from PostgreSQL: Redis is unavailable", examId);
            var visibility = await database.Value.VisibilityAsync(examId, cancellationToken);
            return (visibility, await fromDatabase(visibility == BoardVisibility.Final));
        }
    }

    private async Task<LeaderboardSlice> RebuildAsync(
        Guid examId, BoardVisibility visibility, Func<Task<LeaderboardSlice?>> fromCache, Func<bool, Task<LeaderboardSlice>> fromDatabase,
        CancellationToken cancellationToken)
    {
        var final = visibility == BoardVisibility.Final;
        try
        {
            if (await database.Value.TryRebuildAsync(examId, final, cancellationToken) && await fromCache() is { } rebuilt)
            {
                return rebuilt;
            }
        }
        catch (CacheUnavailableException ex)
        {
            logger.LogWarning(ex, "Leaderboard of exam {ExamId} could not be rebuilt in Redis", examId);
        }

        // Being rebuilt by another request, or empty: PostgreSQL answers.
        return await fromDatabase(final);
    }
}

/// <summary>
/// The leaderboards' database side: whether an exam's board is final, its rebuild into Redis, and reads while Redis
/// cannot answer. Those reads are bounded (a page or a window, never the whole board) and at most
/// <see cref="MaxConcurrentReads"/> run at once per instance; the others get 503 rather than pile onto the database.
/// </summary>
public sealed class LeaderboardRebuild(
    ILearningDb db, ILeaderboardCache cache, ILeaderboardSource source, IDistributedLocks locks, IMemoryCache memory,
    TimeProvider clock, ILogger<LeaderboardRebuild> logger)
{
    public const int MaxConcurrentReads = 8;
    private static readonly SemaphoreSlim Reads = new(MaxConcurrentReads);
    private static readonly TimeSpan StatusCacheTime = TimeSpan.FromMinutes(10);

    /// <summary>Rebuilds the board under a short lock; false if another request is rebuilding it.</summary>
    public async Task<bool> TryRebuildAsync(Guid examId, bool final, CancellationToken cancellationToken)
    {
        await using var rebuilding = await locks.TryAcquireAsync($"lock:lb:{examId}", TimeSpan.FromSeconds(60), cancellationToken);
        if (rebuilding is null)
        {
            return false;
        }

        var count = await cache.ReplaceAsync(examId, final, source.ReadAsync(examId, final, cancellationToken), cancellationToken);
        logger.LogInformation("Rebuilt the {Kind} leaderboard of exam {ExamId} from PostgreSQL: {Count} entries",
            final ? "final" : "live", examId, count);
        return true;
    }

    /// <summary>
    /// What the exam's board may show now; unknown exams are 404, a practice exam's board is 404 too. Only "final" is
    /// cached (per instance: published is for good); the rest is read each time, so a close, an extension or a publish
    /// is seen at once.
    /// </summary>
    public async Task<BoardVisibility> VisibilityAsync(Guid examId, CancellationToken cancellationToken)
    {
        if (memory.TryGetValue(("exam-published", examId), out bool published) && published)
        {
            return BoardVisibility.Final;
        }

        var exam = await db.Exams.VisibleToLearners().Where(e => e.Id == examId).Select(e => new { e.Mode, e.RankingStatus, e.ClosesAt })
            .SingleOrDefaultAsync(cancellationToken) ?? throw ExamErrors.NotFound();
        var visibility = Exam.VisibilityOf(exam.Mode, exam.RankingStatus, exam.ClosesAt, clock.GetUtcNow());
        switch (visibility)
        {
            case BoardVisibility.None:
                throw exam.RankingStatus == ExamRankingStatus.Cancelled ? ExamErrors.Cancelled() : LeaderboardErrors.PracticeHasNoBoard();
            case BoardVisibility.Final:
                // Sized in bytes, as the shared cache counts (a key of a string and a Guid, and a bool).
                memory.Set(("exam-published", examId), true, new MemoryCacheEntryOptions { Size = 64, AbsoluteExpirationRelativeToNow = StatusCacheTime });
                break;
        }

        return visibility;
    }

    /// <summary>
    /// The learner's published position, for <c>/me</c> on a final board served by Redis (which keeps no per-learner
    /// index, decision 132). Not gated: it is one indexed lookup that every <c>/me</c> of a final board makes, not a read
    /// standing in for Redis.
    /// </summary>
    public Task<long?> FinalPositionAsync(Guid examId, Guid learnerId, CancellationToken cancellationToken) =>
        source.FinalPositionAsync(examId, learnerId, cancellationToken);

    public Task<LeaderboardSlice> PageAsync(Guid examId, bool final, long offset, int limit, CancellationToken cancellationToken) =>
        GatedAsync(async () => new LeaderboardSlice(final, await source.CountAsync(examId, final, cancellationToken),
            await source.PageAsync(examId, final, offset, limit, cancellationToken)), cancellationToken);

    public Task<LeaderboardSlice> AroundAsync(Guid examId, bool final, Guid learnerId, int neighbours, CancellationToken cancellationToken) =>
        GatedAsync(async () => new LeaderboardSlice(final, await source.CountAsync(examId, final, cancellationToken),
            await source.AroundAsync(examId, final, learnerId, neighbours, cancellationToken)), cancellationToken);

    private static async Task<LeaderboardSlice> GatedAsync(Func<Task<LeaderboardSlice>> read, CancellationToken cancellationToken)
    {
        if (!await Reads.WaitAsync(TimeSpan.FromSeconds(2), cancellationToken))
        {
            // Mapped to 503 with Retry-After: the cache is away and the database is already answering enough of these.
            throw new TimeoutException("Too many leaderboard reads are waiting for the database; retry shortly.");
        }

        try
        {
            return await read();
        }
        finally
        {
            Reads.Release();
        }
    }
}
