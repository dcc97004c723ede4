using LearningPlatform.Application.Common;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LearningPlatform.Infrastructure.Redis;

/// <summary>
/// Two shapes under one key <c>lp:lb:{examId}</c>:
/// <list type="bullet">
/// <item>live: a sorted set whose score encodes (score desc, total time asc) as <c>-score·10⁹ + totalMs</c>, so the
/// best comes first and equal pairs have equal scores; a learner's rank is 1 + the members strictly ahead.</item>
/// <item>final: a sorted set scored by the published position, plus the hash <c>lp:lb:{examId}:e</c> of
/// <c>rank:score:totalMs</c> per learner. Its order is exactly the database's.</item>
/// </list>
/// Reads are one Lua call each; a board is replaced by building temporary keys and renaming them in one script.
/// </summary>
internal sealed class RedisLeaderboardCache(IConnectionMultiplexer redis, IOptions<RedisOptions> options) : ILeaderboardCache
{
    /// <summary>Total times above this (about 11.5 days) do not fit the live encoding; attempts are minutes long.</summary>
    private const long TimeFactor = 1_000_000_000;

    private const int BatchSize = 1_000;
    private static readonly TimeSpan Ttl = TimeSpan.FromDays(30);

    // KEYS: zset, hash. ARGV: start, stop. Returns nil when there is no board, else {final, total, member, a, b, c, ...}
    // with (rank, score, total) per member; for a live board they are decoded from its sorted-set score.
    private const string ReadRangeScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return nil end
        local final = redis.call('EXISTS', KEYS[2])
        local out = { final, redis.call('ZCARD', KEYS[1]) }
        local items = redis.call('ZRANGE', KEYS[1], ARGV[1], ARGV[2], 'WITHSCORES')
        for i = 1, #items, 2 do
          local member = items[i]
          out[#out + 1] = member
          if final == 1 then
            out[#out + 1] = redis.call('HGET', KEYS[2], member) or ''
          else
            out[#out + 1] = tostring(redis.call('ZCOUNT', KEYS[1], '-inf', '(' .. items[i + 1]) + 1) .. ':' .. items[i + 1]
          end
        end
        return out
        """;

    // KEYS: zset, hash. ARGV: member. Returns nil without a board, {final, total, -1} if the member is absent,
    // else {final, total, index}.
    private const string RankOfScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return nil end
        local index = redis.call('ZRANK', KEYS[1], ARGV[1])
        return { redis.call('EXISTS', KEYS[2]), redis.call('ZCARD', KEYS[1]), index or -1 }
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
        redis.call('RENAME', KEYS[3], KEYS[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        if ARGV[1] == '1' then
          redis.call('RENAME', KEYS[4], KEYS[2])
          redis.call('PEXPIRE', KEYS[2], ARGV[2])
        else
          redis.call('DEL', KEYS[2])
        end
        return 1
        """;

    // KEYS: zset, hash. ARGV: live score, member, ttl ms. Only into a live board; keeps the learner's best (LT).
    private const string RecordScript = """
        if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
        redis.call('ZADD', KEYS[1], 'LT', ARGV[1], ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return 1
        """;

    private IDatabase Db => redis.GetDatabase();

    public Task RecordAsync(Guid examId, Guid learnerId, int score, long totalElapsedMs, CancellationToken cancellationToken) =>
        Guarded(async () =>
        {
            var (zset, hash) = Keys(examId);
            await Db.ScriptEvaluateAsync(RecordScript, [zset, hash], [LiveScore(score, totalElapsedMs), learnerId.ToString(), (long)Ttl.TotalMilliseconds]);
            return true;
        });

    public Task<LeaderboardSlice?> PageAsync(Guid examId, long offset, int limit, CancellationToken cancellationToken) =>
        Guarded(async () =>
        {
            var (zset, hash) = Keys(examId);
            var result = await Db.ScriptEvaluateAsync(ReadRangeScript, [zset, hash], [offset, offset + limit - 1]);
            return result.IsNull ? null : Decode((RedisResult[])result!, offset);
        });

    public Task<(LeaderboardSlice Slice, LeaderboardEntry? Me)?> AroundAsync(
        Guid examId, Guid learnerId, int radius, CancellationToken cancellationToken) =>
        Guarded(() => AroundUnguardedAsync(examId, learnerId, radius, cancellationToken));

    public Task<long> ReplaceAsync(Guid examId, bool final, IAsyncEnumerable<LeaderboardEntry> entries, CancellationToken cancellationToken) =>
        Guarded(() => ReplaceUnguardedAsync(examId, final, entries, cancellationToken));

    private static async Task<T> Guarded<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            throw new CacheUnavailableException("Redis did not answer the leaderboard call.", ex);
        }
    }

    private async Task<(LeaderboardSlice Slice, LeaderboardEntry? Me)?> AroundUnguardedAsync(
        Guid examId, Guid learnerId, int radius, CancellationToken cancellationToken)
    {
        var (zset, hash) = Keys(examId);
        var found = await Db.ScriptEvaluateAsync(RankOfScript, [zset, hash], [learnerId.ToString()]);
        if (found.IsNull)
        {
            return null;
        }

        var head = (RedisResult[])found!;
        var index = (long)head[2];
        if (index < 0)
        {
            return (new LeaderboardSlice((long)head[0] == 1, (long)head[1], []), null);
        }

        var start = Math.Max(0, index - radius);
        var slice = await PageAsync(examId, start, (int)(index - start) + radius + 1, cancellationToken);
        return slice is null ? null : (slice, slice.Entries.FirstOrDefault(e => e.LearnerId == learnerId));
    }

    private async Task<long> ReplaceUnguardedAsync(Guid examId, bool final, IAsyncEnumerable<LeaderboardEntry> entries, CancellationToken cancellationToken)
    {
        var (zset, hash) = Keys(examId);
        var suffix = Guid.NewGuid().ToString("N");
        RedisKey tmpZset = $"{zset}:tmp:{suffix}", tmpHash = $"{hash}:tmp:{suffix}";
        var db = Db;
        long written = 0;
        try
        {
            var batch = new List<LeaderboardEntry>(BatchSize);
            await foreach (var entry in entries.WithCancellation(cancellationToken))
            {
                batch.Add(entry);
                if (batch.Count == BatchSize)
                {
                    await WriteBatchAsync(db, final, tmpZset, tmpHash, batch);
                    written += batch.Count;
                    batch.Clear();
                }
            }

            await WriteBatchAsync(db, final, tmpZset, tmpHash, batch);
            written += batch.Count;
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
        var members = batch.Select(e => new SortedSetEntry(e.LearnerId.ToString(), final ? e.Position : LiveScore(e.Score, e.TotalElapsedMs))).ToArray();
        var writes = new List<Task> { db.SortedSetAddAsync(zset, members), db.KeyExpireAsync(zset, TimeSpan.FromHours(1)) };
        if (final)
        {
            writes.Add(db.HashSetAsync(hash, [.. batch.Select(e => new HashEntry(e.LearnerId.ToString(), $"{e.Rank}:{e.Score}:{e.TotalElapsedMs}"))]));
            writes.Add(db.KeyExpireAsync(hash, TimeSpan.FromHours(1)));
        }

        await Task.WhenAll(writes);
    }

    private static double LiveScore(int score, long totalElapsedMs) => -(double)score * TimeFactor + Math.Min(totalElapsedMs, TimeFactor - 1);

    private static LeaderboardSlice Decode(RedisResult[] result, long offset)
    {
        var final = (long)result[0] == 1;
        var entries = new List<LeaderboardEntry>((result.Length - 2) / 2);
        for (var i = 2; i + 1 < result.Length; i += 2)
        {
            var learner = Guid.Parse((string)result[i]!);
            var parts = ((string)result[i + 1]!).Split(':');
            var position = offset + entries.Count + 1;
            if (final)
            {
                entries.Add(new LeaderboardEntry(position, int.Parse(parts[0]), learner, int.Parse(parts[1]), long.Parse(parts[2])));
            }
            else
            {
                var encoded = (long)double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
                var score = (int)-Math.Floor((double)encoded / TimeFactor);
                entries.Add(new LeaderboardEntry(position, int.Parse(parts[0]), learner, score, encoded + (long)score * TimeFactor));
            }
        }

        return new LeaderboardSlice(final, (long)result[1], entries);
    }

    private (RedisKey Zset, RedisKey Hash) Keys(Guid examId)
    {
        var zset = $"{options.Value.KeyPrefix}lb:{examId}";
        return (zset, $"{zset}:e");
    }
}
