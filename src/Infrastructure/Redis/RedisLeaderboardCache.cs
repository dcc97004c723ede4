using System.Collections.Concurrent;
using System.Globalization;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.Leaderboards;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LearningPlatform.Infrastructure.Redis;

/// <summary>
/// Two shapes under one key <c>lp:lb:{examId}</c> (the braces are a Redis Cluster hash tag):
/// <list type="bullet">
/// <item>live: members are learner ids, scored <c>-score·10⁹ + totalMs</c> so the best comes first and equal
/// (score, time) pairs score equal; a learner's rank is 1 + the members strictly ahead.</item>
/// <item>final: members are <c>learnerId:rank:score:totalMs</c>, scored by the published position, so a page is one
/// <c>ZRANGE</c> in exactly the database's order; the hash <c>lp:lb:{examId}:e</c> maps a learner to their position.</item>
/// </list>
/// A page is one pipelined round trip (plus one <c>ZCOUNT</c> for a live page; one <c>ZRANGE</c> for a final board whose
/// total this instance knows). A board is replaced by building
/// temporary keys and renaming them in one script, so a half-built board is never read.
/// </summary>
internal sealed class RedisLeaderboardCache(IConnectionMultiplexer redis, IOptions<RedisOptions> options) : ILeaderboardCache
{
    /// <summary>Total times above this (about 11.5 days) do not fit the live encoding; attempts are minutes long.</summary>
    private const long TimeFactor = 1_000_000_000;

    private const int BatchSize = 1_000;
    private const int BatchesInFlight = 8;
    /// <summary>A board's lifetime since its last write: a day-old exam's board is rebuilt by key range if read again.</summary>
    private static readonly TimeSpan Ttl = TimeSpan.FromDays(3);

    // KEYS: zset, hash. ARGV: learner. nil without a board, else {final, total, index or -1}. A final board's hash holds
    // the learner's position (boards written before decision 123 hold the member itself: found by ZRANK).
    private const string IndexOfScript = """
        local total = redis.call('ZCARD', KEYS[1])
        if total == 0 then return nil end
        local final = redis.call('EXISTS', KEYS[2])
        local member = ARGV[1]
        if final == 1 then
          member = redis.call('HGET', KEYS[2], ARGV[1])
          if not member then return { final, total, -1 } end
          if not string.find(member, ':', 1, true) then return { final, total, tonumber(member) - 1 } end
        end
        return { final, total, redis.call('ZRANK', KEYS[1], member) or -1 }
        """;

    // KEYS: zset, hash, tmp zset, tmp hash. ARGV: final (1/0), ttl ms. A live board never replaces a final one.
    private const string SwapScript = """
        if ARGV[1] == '0' and redis.call('EXISTS', KEYS[2]) == 1 then
          redis.call('DEL', KEYS[3], KEYS[4])
          return 0
        end
        if redis.call('EXISTS', KEYS[3]) == 0 then
          redis.call('DEL', KEYS[1], KEYS[2])
          return 1
        end
        if ARGV[1] == '1' then
          redis.call('RENAME', KEYS[3], KEYS[1])
          redis.call('RENAME', KEYS[4], KEYS[2])
          redis.call('PEXPIRE', KEYS[2], ARGV[2])
        else
          -- Live: merge, keeping each learner's best, so completions recorded while the rebuild read PostgreSQL stay.
          redis.call('ZUNIONSTORE', KEYS[1], 2, KEYS[1], KEYS[3], 'AGGREGATE', 'MIN')
          redis.call('DEL', KEYS[3])
        end
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return 1
        """;

    // KEYS: zset, hash. ARGV: live score, member, ttl ms. Only into an existing live board (a missing one is rebuilt
    // from PostgreSQL, this result included, by the next read; adding to it would make a one-member board look whole);
    // keeps the learner's best (LT).
    private const string RecordScript = """
        if redis.call('EXISTS', KEYS[2]) == 1 or redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        redis.call('ZADD', KEYS[1], 'LT', ARGV[1], ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return 1
        """;

    /// <summary>Final boards' totals are remembered for this many exams at most (then forgotten all at once).</summary>
    private const int MaxKnownFinalTotals = 10_000;

    // The totals of final boards this instance has read: a final board never changes once published, so a page of one
    // is a single ZRANGE. A page that comes back empty or not final (the key expired, was dropped or evicted) forgets
    // the total and takes the full read, which notices a missing board and has it rebuilt (decision 122).
    private readonly ConcurrentDictionary<Guid, long> _finalTotals = new();

    private IDatabase Db => redis.GetDatabase();

    public Task RecordAsync(Guid examId, Guid learnerId, int score, long totalElapsedMs, CancellationToken cancellationToken) =>
        Guarded(async () =>
        {
            var (zset, hash) = Keys(examId);
            await Db.ScriptEvaluateAsync(RecordScript, [zset, hash], [LiveScore(score, totalElapsedMs), learnerId.ToString(), (long)Ttl.TotalMilliseconds]);
            return true;
        });

    public Task<LeaderboardSlice?> PageAsync(Guid examId, long offset, int limit, CancellationToken cancellationToken) =>
        Guarded(() => ReadPageAsync(examId, offset, limit));

    public Task<(LeaderboardSlice Slice, LeaderboardEntry? Me)?> AroundAsync(
        Guid examId, Guid learnerId, int radius, CancellationToken cancellationToken) =>
        Guarded(async () =>
        {
            var (zset, hash) = Keys(examId);
            var found = await Db.ScriptEvaluateAsync(IndexOfScript, [zset, hash], [learnerId.ToString()]);
            if (found.IsNull)
            {
                return ((LeaderboardSlice, LeaderboardEntry?)?)null;
            }

            var head = (RedisResult[])found!;
            var index = (long)head[2];
            if (index < 0)
            {
                return (new LeaderboardSlice((long)head[0] == 1, (long)head[1], []), null);
            }

            var start = Math.Max(0, index - radius);
            var slice = await ReadPageAsync(examId, start, (int)(index - start) + radius + 1);
            return slice is null ? null : (slice, slice.Entries.FirstOrDefault(e => e.LearnerId == learnerId));
        });

    public Task<long> ReplaceAsync(Guid examId, bool final, IAsyncEnumerable<LeaderboardEntry> entries, CancellationToken cancellationToken)
    {
        _finalTotals.TryRemove(examId, out _);
        return Guarded(() => ReplaceUnguardedAsync(examId, final, entries, cancellationToken));
    }

    public Task ForgetAsync(Guid examId, CancellationToken cancellationToken)
    {
        _finalTotals.TryRemove(examId, out _);
        return Guarded(async () =>
        {
            var (zset, hash) = Keys(examId);
            return await Db.KeyDeleteAsync([zset, hash]);
        });
    }

    private static async Task<T> Guarded<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        // RedisCommandException (not a RedisException) is what a cluster's client raises for keys in two slots: the
        // board cannot be used either way, and readers fall back to PostgreSQL.
        catch (Exception ex) when (ex is RedisException or RedisCommandException or TimeoutException)
        {
            throw new CacheUnavailableException("Redis did not answer the leaderboard call.", ex);
        }
    }

    private async Task<LeaderboardSlice?> ReadPageAsync(Guid examId, long offset, int limit)
    {
        var (zset, hash) = Keys(examId);
        var db = Db;
        if (_finalTotals.TryGetValue(examId, out var finalTotal))
        {
            var lines = await db.SortedSetRangeByRankAsync(zset, offset, offset + limit - 1);
            if (lines.Length > 0 && ((string)lines[0]!).Contains(':', StringComparison.Ordinal))
            {
                return new LeaderboardSlice(true, finalTotal, [.. lines.Select((line, i) => FinalEntry((string)line!, offset + i + 1))]);
            }

            _finalTotals.TryRemove(examId, out _);
        }

        var batch = db.CreateBatch();
        var total = batch.SortedSetLengthAsync(zset);
        var final = batch.KeyExistsAsync(hash);
        var items = batch.SortedSetRangeByRankWithScoresAsync(zset, offset, offset + limit - 1);
        batch.Execute();
        if (await total == 0)
        {
            return null;
        }

        var page = await items;
        // The members say which board this is (a swap may fall between the pipelined commands; one ZRANGE cannot).
        if (page.Length > 0 ? ((string)page[0].Element!).Contains(':', StringComparison.Ordinal) : await final)
        {
            if (page.Length > 0)
            {
                if (_finalTotals.Count >= MaxKnownFinalTotals)
                {
                    _finalTotals.Clear();
                }

                _finalTotals[examId] = await total;
            }

            return new LeaderboardSlice(true, await total, [.. page.Select((item, i) => FinalEntry((string)item.Element!, offset + i + 1))]);
        }

        // Live: the first entry's rank counts the members strictly ahead; after it, an equal score shares the rank
        // before it and a worse one starts a new rank at its own position.
        var entries = new List<LeaderboardEntry>(page.Length);
        for (var i = 0; i < page.Length; i++)
        {
            var position = offset + i + 1;
            var rank = i == 0
                ? (int)await db.SortedSetLengthAsync(zset, double.NegativeInfinity, page[0].Score, Exclude.Stop) + 1
                : page[i].Score == page[i - 1].Score ? entries[i - 1].Rank : (int)position;
            var encoded = (long)page[i].Score;
            var score = (int)-Math.Floor((double)encoded / TimeFactor);
            entries.Add(new LeaderboardEntry(position, rank, Guid.Parse((string)page[i].Element!), score, encoded + (long)score * TimeFactor));
        }

        return new LeaderboardSlice(false, await total, entries);
    }

    private async Task<long> ReplaceUnguardedAsync(Guid examId, bool final, IAsyncEnumerable<LeaderboardEntry> entries, CancellationToken cancellationToken)
    {
        var (zset, hash) = Keys(examId);
        var suffix = Guid.NewGuid().ToString("N");
        RedisKey tmpZset = $"{zset}:tmp:{suffix}", tmpHash = $"{hash}:tmp:{suffix}";
        var db = Db;
        long written = 0;
        var inFlight = new List<Task>();
        try
        {
            var batch = new List<LeaderboardEntry>(BatchSize);
            await foreach (var entry in entries.WithCancellation(cancellationToken))
            {
                batch.Add(entry);
                if (batch.Count == BatchSize)
                {
                    // A few batches in flight at once: the stream from PostgreSQL and the writes to Redis overlap.
                    inFlight.Add(WriteBatchAsync(db, final, tmpZset, tmpHash, batch));
                    written += batch.Count;
                    batch = new List<LeaderboardEntry>(BatchSize);
                    if (inFlight.Count >= BatchesInFlight)
                    {
                        await Task.WhenAll(inFlight);
                        inFlight.Clear();
                    }
                }
            }

            inFlight.Add(WriteBatchAsync(db, final, tmpZset, tmpHash, batch));
            written += batch.Count;
            await Task.WhenAll(inFlight);
            await db.ScriptEvaluateAsync(SwapScript, [zset, hash, tmpZset, tmpHash], [final ? "1" : "0", (long)Ttl.TotalMilliseconds]);
            return written;
        }
        finally
        {
            // Left only if the swap did not happen; they expire anyway.
            await db.KeyDeleteAsync([tmpZset, tmpHash], CommandFlags.FireAndForget);
        }
    }

    private static async Task WriteBatchAsync(IDatabase db, bool final, RedisKey zset, RedisKey hash, List<LeaderboardEntry> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        // One pipelined round trip per batch; the temporary keys expire if this instance dies half-way.
        var writes = new List<Task>(4);
        if (final)
        {
            // The hash maps a learner to their position (for /me), not to the member: half the bytes Redis parses and
            // keeps, and no second copy of the line to format (decision 123).
            var members = new SortedSetEntry[batch.Count];
            var positions = new HashEntry[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                var e = batch[i];
                members[i] = new SortedSetEntry(FinalMember(e), e.Position);
                positions[i] = new HashEntry(LearnerKey(e.LearnerId), e.Position);
            }

            writes.Add(db.SortedSetAddAsync(zset, members));
            writes.Add(db.HashSetAsync(hash, positions));
            writes.Add(db.KeyExpireAsync(hash, TimeSpan.FromHours(1)));
        }
        else
        {
            writes.Add(db.SortedSetAddAsync(zset, [.. batch.Select(e => new SortedSetEntry(e.LearnerId.ToString(), LiveScore(e.Score, e.TotalElapsedMs)))]));
        }

        writes.Add(db.KeyExpireAsync(zset, TimeSpan.FromHours(1)));
        await Task.WhenAll(writes);
    }

    private static string LearnerKey(Guid learnerId) => learnerId.ToString();

    private static string FinalMember(LeaderboardEntry e) =>
        string.Create(CultureInfo.InvariantCulture, $"{e.LearnerId}:{e.Rank}:{e.Score}:{e.TotalElapsedMs}");

    private static LeaderboardEntry FinalEntry(string member, long position)
    {
        // learnerId:rank:score:totalMs, parsed in place (20 lines a page).
        Span<Range> parts = stackalloc Range[4];
        var line = member.AsSpan();
        line.Split(parts, ':');
        return new LeaderboardEntry(position, int.Parse(line[parts[1]], CultureInfo.InvariantCulture), Guid.Parse(line[parts[0]]),
            int.Parse(line[parts[2]], CultureInfo.InvariantCulture), long.Parse(line[parts[3]], CultureInfo.InvariantCulture));
    }

    private static double LiveScore(int score, long totalElapsedMs) => -(double)score * TimeFactor + Math.Min(totalElapsedMs, TimeFactor - 1);

    /// <summary>
    /// <c>lp:lb:{examId}</c>, the exam id in braces: a Redis Cluster hash tag, so the board, its hash and the rebuild's
    /// temporary keys share one slot and the scripts and multi-key deletes over them work on a cluster.
    /// </summary>
    private (RedisKey Zset, RedisKey Hash) Keys(Guid examId)
    {
        var zset = $"{options.Value.KeyPrefix}lb:{{{examId}}}";
        return (zset, $"{zset}:e");
    }
}
