using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Ranking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Application.Leaderboards;

public sealed record LeaderboardPageDto(Guid ExamId, bool Final, long Total, long Offset, int Limit, IReadOnlyList<LeaderboardEntry> Entries);

public sealed record MyStandingDto(Guid ExamId, bool Final, long Total, LeaderboardEntry? Me, IReadOnlyList<LeaderboardEntry> Neighbours);

/// <summary>
/// Leaderboard pages and a learner's own line, served from Redis. A board missing from Redis (or a live board left
/// behind by a publish whose final write failed) is rebuilt from PostgreSQL by one request under a short lock while the
/// others read PostgreSQL directly, a few at a time; with Redis away every read goes to PostgreSQL. The database side
/// (<see cref="LeaderboardRebuild"/>) is created only when needed: a read served by Redis builds no DbContext.
/// </summary>
public sealed class GetLeaderboard(ILeaderboardCache cache, Lazy<LeaderboardRebuild> database, ILogger<GetLeaderboard> logger)
{
    public const int MaxLimit = 100;
    public const long MaxOffset = 10_000_000;
    public const int Neighbours = 5;

    public async Task<LeaderboardPageDto> PageAsync(Guid examId, long offset, int limit, CancellationToken cancellationToken)
    {
        if (offset is < 0 or > MaxOffset || limit is < 1 or > MaxLimit)
        {
            throw new DomainException("leaderboard.invalid_page",
                $"offset is 0..{MaxOffset} and limit 1..{MaxLimit}.", DomainErrorKind.Invalid);
        }

        var slice = await ReadAsync(examId, () => cache.PageAsync(examId, offset, limit, cancellationToken),
            final => database.Value.PageAsync(examId, final, offset, limit, cancellationToken), cancellationToken);
        return new LeaderboardPageDto(examId, slice.Final, slice.Total, offset, limit, slice.Entries);
    }

    public async Task<MyStandingDto> MeAsync(Guid examId, Guid learnerId, CancellationToken cancellationToken)
    {
        LeaderboardEntry? me = null;
        var slice = await ReadAsync(examId,
            async () =>
            {
                var around = await cache.AroundAsync(examId, learnerId, Neighbours, cancellationToken);
                me = around?.Me;
                return around?.Slice;
            },
            async final =>
            {
                var fromDb = await database.Value.AroundAsync(examId, final, learnerId, Neighbours, cancellationToken);
                me = fromDb.Entries.FirstOrDefault(e => e.LearnerId == learnerId);
                return fromDb;
            },
            cancellationToken);
        return new MyStandingDto(examId, slice.Final, slice.Total, me, slice.Entries);
    }

    private async Task<LeaderboardSlice> ReadAsync(
        Guid examId, Func<Task<LeaderboardSlice?>> fromCache, Func<bool, Task<LeaderboardSlice>> fromDatabase, CancellationToken cancellationToken)
    {
        try
        {
            // A final board is served as it is; a live one only while the exam is not published.
            if (await fromCache() is { } cached && (cached.Final || !await database.Value.IsFinalAsync(examId, cancellationToken)))
            {
                return cached;
            }
        }
        catch (CacheUnavailableException ex)
        {
            logger.LogWarning(ex, "Leaderboard of exam {ExamId} read from PostgreSQL: Redis is unavailable", examId);
            return await fromDatabase(await database.Value.IsFinalAsync(examId, cancellationToken));
        }

        var final = await database.Value.IsFinalAsync(examId, cancellationToken);
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
    ILogger<LeaderboardRebuild> logger)
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

    /// <summary>Whether the exam is published (its board final); unknown exams are 404. A "yes" is cached per instance.</summary>
    public async Task<bool> IsFinalAsync(Guid examId, CancellationToken cancellationToken)
    {
        if (memory.TryGetValue(("exam-published", examId), out bool published))
        {
            return published;
        }

        var status = await db.Exams.Where(e => e.Id == examId).Select(e => (ExamRankingStatus?)e.RankingStatus)
            .SingleOrDefaultAsync(cancellationToken) ?? throw ExamErrors.NotFound();
        published = status == ExamRankingStatus.Published;
        if (published)
        {
            // Published is for good; "not yet" is never cached, so a publish is seen at once.
            memory.Set(("exam-published", examId), true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = StatusCacheTime });
        }

        return published;
    }

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
