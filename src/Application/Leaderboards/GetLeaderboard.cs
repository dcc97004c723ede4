using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Ranking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Application.Leaderboards;

public sealed record LeaderboardPageDto(Guid ExamId, bool Final, long Total, long Offset, int Limit, IReadOnlyList<LeaderboardEntry> Entries);

public sealed record MyStandingDto(Guid ExamId, bool Final, long Total, LeaderboardEntry? Me, IReadOnlyList<LeaderboardEntry> Neighbours);

/// <summary>
/// Leaderboard pages and a learner's own line, served from Redis. A board missing from Redis is rebuilt from
/// PostgreSQL by one request (under a short lock) while the others read PostgreSQL directly; with Redis away every
/// read goes to PostgreSQL. The database side (<see cref="LeaderboardRebuild"/>) is created only when needed: a read
/// served by Redis builds no DbContext.
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
            async final => await database.Value.PageAsync(examId, final, offset, limit, cancellationToken), cancellationToken);
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
                var (fromDb, mine) = await database.Value.AroundAsync(examId, final, learnerId, Neighbours, cancellationToken);
                me = mine;
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
            if (await fromCache() is { } cached)
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

/// <summary>The leaderboards' database side: which board an exam has, its rebuild into Redis, and reads while Redis is away.</summary>
public sealed class LeaderboardRebuild(
    ILearningDb db, ILeaderboardCache cache, ILeaderboardSource source, IDistributedLocks locks, ILogger<LeaderboardRebuild> logger)
{
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

    public async Task<bool> IsFinalAsync(Guid examId, CancellationToken cancellationToken)
    {
        var status = await db.Exams.Where(e => e.Id == examId).Select(e => (ExamRankingStatus?)e.RankingStatus)
            .SingleOrDefaultAsync(cancellationToken) ?? throw ExamErrors.NotFound();
        return status == ExamRankingStatus.Published;
    }

    public async Task<LeaderboardSlice> PageAsync(Guid examId, bool final, long offset, int limit, CancellationToken cancellationToken)
    {
        if (final)
        {
            // A range of the standings' primary key, and the count the ranking recorded.
            var page = await db.Standings.AsNoTracking()
                .Where(s => s.ExamId == examId && s.Position > offset && s.Position <= offset + limit)
                .OrderBy(s => s.Position)
                .Select(s => new LeaderboardEntry(s.Position, s.Rank, s.LearnerId, s.Score, s.TotalElapsedMs))
                .ToListAsync(cancellationToken);
            var participants = await db.Exams.Where(e => e.Id == examId).Select(e => e.Economics!.Participants).SingleAsync(cancellationToken);
            return new LeaderboardSlice(true, participants, page);
        }

        // Live: streamed in order (the ranking of an open exam exists only as this query).
        var entries = new List<LeaderboardEntry>(limit);
        long total = 0;
        await foreach (var entry in source.ReadAsync(examId, final, cancellationToken))
        {
            if (total >= offset && entries.Count < limit)
            {
                entries.Add(entry);
            }

            total++;
        }

        return new LeaderboardSlice(final, total, entries);
    }

    public async Task<(LeaderboardSlice, LeaderboardEntry?)> AroundAsync(
        Guid examId, bool final, Guid learnerId, int neighbours, CancellationToken cancellationToken)
    {
        var window = new List<LeaderboardEntry>();
        LeaderboardEntry? me = null;
        long total = 0;
        await foreach (var entry in source.ReadAsync(examId, final, cancellationToken))
        {
            total++;
            if (me is null)
            {
                window.Add(entry);
                if (window.Count > neighbours + 1)
                {
                    window.RemoveAt(0);
                }

                me = entry.LearnerId == learnerId ? entry : null;
            }
            else if (entry.Position <= me.Position + neighbours)
            {
                window.Add(entry);
            }
        }

        return (new LeaderboardSlice(final, total, me is null ? [] : window), me);
    }
}
