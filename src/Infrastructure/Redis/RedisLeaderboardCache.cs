using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
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
/// <c>ZRANGE</c> in exactly the database's order; the hash <c>lp:lb:{examId}:e</c> is only a marker (one field,
/// <c>final</c>) saying the board is final: <c>/me</c> finds the learner's position in the standings (decision 132).
/// Boards written before that keep a per-learner hash (learner → position, or older: learner → member) until they
/// expire, and <c>/me</c> still finds the learner in it.</item>
/// </list>
/// Display names live beside the board in <c>lp:lb:{examId}:n</c> (learner → name, <c>""</c> for a learner without
/// one), filled by readers from PostgreSQL on a miss and set by a rename's commit (decision 134); a page reads its lines
/// and their names in one script call. A page is one round trip (one script; only <c>ZRANGE</c> + <c>HMGET</c> for a
/// final board whose total this instance knows). A board is replaced by building
/// temporary keys and renaming them in one script, so a half-built board is never read.
/// </summary>
internal sealed class RedisLeaderboardCache(IConnectionMultiplexer redis, IOptions<RedisOptions> options, TimeProvider clock) : ILeaderboardCache
{
    /// <summary>Total times above this (about 11.5 days) do not fit the live encoding; attempts are minutes long.</summary>
    private const long TimeFactor = 1_000_000_000;

    private const int BatchSize = 1_000;
    /// <summary>Batches sent and not yet acknowledged: enough to overlap PostgreSQL's stream with Redis, few enough
    /// that the WebApi does not buffer what Redis has not taken yet (decision 133).</summary>
    private const int BatchesInFlight = 4;

    /// <summary>The marker hash's one field; never a learner id.</summary>
    private const string FinalMarker = "final";
    /// <summary>A board's lifetime since its last write: a day-old exam's board is rebuilt by key range if read again.</summary>
    private static readonly TimeSpan Ttl = TimeSpan.FromDays(3);

    // KEYS: zset, hash. ARGV: learner, marker field. nil without a board, else {final, total, index, or -1 when not on
    // it, or -2 when the board is final with only the marker (the position is in the standings, decision 132)}. Boards
    // written before decision 132 hold the learner's position in the hash; before decision 123, the member itself (found
    // by ZRANK).
    private const string IndexOfScript = """
        local total = redis.call('ZCARD', KEYS[1])
        if total == 0 then return nil end
        local final = redis.call('EXISTS', KEYS[2])
        local member = ARGV[1]
        if final == 1 then
          member = redis.call('HGET', KEYS[2], ARGV[1])
          if not member then
            if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 then return { final, total, -2 } end
            return { final, total, -1 }
          end
          if not string.find(member, ':', 1, true) then return { final, total, tonumber(member) - 1 } end
        end
        return { final, total, redis.call('ZRANK', KEYS[1], member) or -1 }
        """;

    // KEYS: zset, hash, tmp zset, tmp hash. ARGV: final (1/0), ttl ms, marker field. A live board never replaces a final
    // one. A final board gets the marker hash in place of whatever hash the old board had.
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
          redis.call('DEL', KEYS[2], KEYS[4])
          redis.call('HSET', KEYS[2], ARGV[3], '1')
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

    /// <summary>
    /// How long a board's names hash lives from its creation (never extended): the bound on a name that went stale because
    /// a rename's write to Redis failed or raced another rename (decision 134).
    /// </summary>
    public static readonly TimeSpan NamesLifetime = TimeSpan.FromMinutes(5);

    // KEYS: zset, hash, names. ARGV: start, stop, known. A page: its lines, and their names read in the same call.
    // known = '1' for a final board whose total this instance knows (a final board never changes): only {0, 1, lines,
    // names, 0}. Otherwise nil without a board, else {total, final, lines with scores, names (nil where unknown), members
    // strictly ahead of the first line (live only)}.
    private const string PageScript = """
        local known = ARGV[3] == '1'
        local total, final = 0, 1
        if not known then
          total = redis.call('ZCARD', KEYS[1])
          if total == 0 then return nil end
          final = redis.call('EXISTS', KEYS[2])
        end
        local items = known and redis.call('ZRANGE', KEYS[1], ARGV[1], ARGV[2])
          or redis.call('ZRANGE', KEYS[1], ARGV[1], ARGV[2], 'WITHSCORES')
        local ids = {}
        for i = 1, #items, known and 1 or 2 do
          local member = items[i]
          local colon = string.find(member, ':', 1, true)
          ids[#ids + 1] = colon and string.sub(member, 1, colon - 1) or member
        end
        local names = {}
        local ahead = 0
        if #ids > 0 then
          names = redis.call('HMGET', KEYS[3], unpack(ids))
          if not known and not string.find(items[1], ':', 1, true) then ahead = redis.call('ZCOUNT', KEYS[1], '-inf', '(' .. items[2]) end
        end
        return { total, final, items, names, ahead }
        """;

    // KEYS: names. ARGV: lifetime ms, then learner/name pairs read from PostgreSQL. HSETNX: a rename's value, set after
    // its commit, wins over a name this reader may have read before that commit.
    private const string RememberNamesScript = """
        for i = 2, #ARGV, 2 do redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1]) end
        redis.call('PEXPIRE', KEYS[1], ARGV[1], 'NX')
        return 1
        """;

    // KEYS: zset, names. ARGV: learner, name, lifetime ms. After a rename committed: the new name, where a board or its
    // names are (a reader that read the old name read the board first, so the board exists when this runs).
    private const string RenameScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 and redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
        redis.call('PEXPIRE', KEYS[2], ARGV[3], 'NX')
        return 1
        """;

    /// <summary>Final boards' totals are remembered for this many exams at most (then forgotten all at once).</summary>
    private const int MaxKnownFinalTotals = 10_000;

    // The totals of final boards this instance has read: a final board never changes once published, so a page of one
    // is a single ZRANGE. A page that comes back empty or not final (the key expired, was dropped or evicted) forgets
    // the total and takes the full read, which notices a missing board and has it rebuilt (decision 122).
    private readonly ConcurrentDictionary<Guid, long> _finalTotals = new();

    /// <summary>How many first lines of a final board a <see cref="Top"/> holds: the pages everyone opens first.</summary>
    public const int TopLines = 100;

    /// <summary>
    /// How long an instance serves a final board's top from its memory: the bound on a rename saved on another instance
    /// (on this one, the rename drops it at once; decision 136).
    /// </summary>
    public static readonly TimeSpan TopLifetime = TimeSpan.FromSeconds(2);

    /// <summary>The first <see cref="TopLines"/> lines of a final board with every name, as Redis had them when read.</summary>
    private sealed record Top(LeaderboardSlice Slice, DateTimeOffset Until);

    // Final boards' tops read in the last TopLifetime, at most MaxKnownFinalTotals of them. _topsVersion moves on every
    // rename, replacement or drop, so a top read before one of them is not kept after it.
    private readonly ConcurrentDictionary<Guid, Top> _tops = new();
    private long _topsVersion;

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

    public Task<LeaderboardWindow?> AroundAsync(Guid examId, Guid learnerId, int radius, CancellationToken cancellationToken) =>
        Guarded(async () =>
        {
            var (zset, hash) = Keys(examId);
            var found = await Db.ScriptEvaluateAsync(IndexOfScript, [zset, hash], [learnerId.ToString(), FinalMarker]);
            if (found.IsNull)
            {
                return null;
            }

            var head = (RedisResult[])found!;
            var index = (long)head[2];
            if (index < 0)
            {
                return new LeaderboardWindow(new LeaderboardSlice((long)head[0] == 1, (long)head[1], []), null, PositionUnknown: index == -2);
            }

            var start = Math.Max(0, index - radius);
            var slice = await ReadPageAsync(examId, start, (int)(index - start) + radius + 1);
            return slice is null ? null : new LeaderboardWindow(slice, slice.Entries.FirstOrDefault(e => e.LearnerId == learnerId));
        });

    public Task<long> ReplaceAsync(Guid examId, bool final, IAsyncEnumerable<LeaderboardEntry> entries, CancellationToken cancellationToken)
    {
        _finalTotals.TryRemove(examId, out _);
        ForgetTops([examId]);
        return Guarded(() => ReplaceUnguardedAsync(examId, final, entries, cancellationToken));
    }

    public Task ForgetAsync(Guid examId, CancellationToken cancellationToken)
    {
        _finalTotals.TryRemove(examId, out _);
        ForgetTops([examId]);
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
        var names = NamesKey(zset);
        var db = Db;
        if (_finalTotals.TryGetValue(examId, out var finalTotal))
        {
            var known = offset + limit <= TopLines
                ? Within(await TopAsync(examId, finalTotal, zset, hash, names), offset, limit)
                : await ReadKnownFinalAsync(zset, hash, names, offset, limit, finalTotal);
            if (known is not null)
            {
                return known;
            }

            _finalTotals.TryRemove(examId, out _);
        }

        var read = await db.ScriptEvaluateAsync(PageScript, [zset, hash, names], [offset, offset + limit - 1, 0]);
        if (read.IsNull)
        {
            return null;
        }

        var parts = (RedisResult[])read!;
        var total = (long)parts[0];
        var items = (RedisResult[])parts[2]!;
        var found = (RedisResult[])parts[3]!;
        var count = items.Length / 2;
        // The members say which board this is (a script reads one state of the board; an empty page asks the marker).
        if (count > 0 ? ((string)items[0]!).Contains(':', StringComparison.Ordinal) : (long)parts[1] == 1)
        {
            if (count > 0)
            {
                if (_finalTotals.Count >= MaxKnownFinalTotals)
                {
                    _finalTotals.Clear();
                }

                _finalTotals[examId] = total;
            }

            var lines = new LeaderboardEntry[count];
            for (var i = 0; i < count; i++)
            {
                lines[i] = FinalEntry((string)items[2 * i]!, offset + i + 1);
            }

            return Named(new LeaderboardSlice(true, total, lines), found);
        }

        // Live: the first entry's rank counts the members strictly ahead; after it, an equal score shares the rank
        // before it and a worse one starts a new rank at its own position.
        var entries = new List<LeaderboardEntry>(count);
        double previous = 0;
        for (var i = 0; i < count; i++)
        {
            var position = offset + i + 1;
            var scored = double.Parse((string)items[2 * i + 1]!, CultureInfo.InvariantCulture);
            var rank = i == 0 ? (int)(long)parts[4] + 1 : scored == previous ? entries[i - 1].Rank : (int)position;
            previous = scored;
            var encoded = (long)scored;
            var score = (int)-Math.Floor((double)encoded / TimeFactor);
            entries.Add(new LeaderboardEntry(position, rank, Guid.Parse((string)items[2 * i]!), score, encoded + (long)score * TimeFactor));
        }

        return Named(new LeaderboardSlice(false, total, entries), found);
    }

    /// <summary>
    /// Lines <paramref name="offset"/> .. <paramref name="offset"/> + <paramref name="limit"/> - 1 of a final board whose
    /// total this instance knows, with the names Redis has for them: one script call. Null when the board is not there as
    /// a final one (the caller's full read finds out why).
    /// </summary>
    private async Task<LeaderboardSlice?> ReadKnownFinalAsync(RedisKey zset, RedisKey hash, RedisKey names, long offset, int limit, long total)
    {
        var read = (RedisResult[])(await Db.ScriptEvaluateAsync(PageScript, [zset, hash, names], [offset, offset + limit - 1, 1]))!;
        var lines = (RedisResult[])read[2]!;
        if (lines.Length == 0 || !((string)lines[0]!).Contains(':', StringComparison.Ordinal))
        {
            return null;
        }

        return Named(new LeaderboardSlice(true, total, [.. lines.Select((line, i) => FinalEntry((string)line!, offset + i + 1))]),
            (RedisResult[])read[3]!);
    }

    /// <summary>
    /// The top of a known final board: from memory while it lasts, else its first <see cref="TopLines"/> lines and their
    /// names read from Redis, kept when Redis had every name (a learner whose name is not beside the board yet is looked
    /// up in PostgreSQL by the caller and written back; the next read keeps the top). Null when the board is not there as
    /// a final one.
    /// </summary>
    private async Task<LeaderboardSlice?> TopAsync(Guid examId, long total, RedisKey zset, RedisKey hash, RedisKey names)
    {
        var now = clock.GetUtcNow();
        if (_tops.TryGetValue(examId, out var kept) && now < kept.Until)
        {
            return kept.Slice;
        }

        var version = Interlocked.Read(ref _topsVersion);
        var slice = await ReadKnownFinalAsync(zset, hash, names, 0, TopLines, total);
        if (slice is null || slice.Unnamed is { Count: > 0 })
        {
            return slice;
        }

        var top = new Top(slice, now + TopLifetime);
        if (_tops.Count >= MaxKnownFinalTotals)
        {
            _tops.Clear();
        }

        _tops[examId] = top;
        // A rename, replacement or drop since the read began may have been missed by it: not kept, then.
        if (Interlocked.Read(ref _topsVersion) != version)
        {
            _tops.TryRemove(KeyValuePair.Create(examId, top));
        }

        return slice;
    }

    /// <summary>The page <paramref name="offset"/>, <paramref name="limit"/> of a board's top, with the names it still lacks.</summary>
    private static LeaderboardSlice? Within(LeaderboardSlice? top, long offset, int limit)
    {
        if (top is null)
        {
            return null;
        }

        LeaderboardEntry[] entries = [.. top.Entries.Skip((int)offset).Take(limit)];
        return top with
        {
            Entries = entries,
            Unnamed = top.Unnamed is { Count: > 0 } missing ? [.. entries.Select(e => e.LearnerId).Where(missing.Contains)] : [],
        };
    }

    private void ForgetTops(IEnumerable<Guid> examIds)
    {
        Interlocked.Increment(ref _topsVersion);
        foreach (var examId in examIds)
        {
            _tops.TryRemove(examId, out _);
        }
    }

    /// <summary>The names Redis had for the lines (<c>""</c>: the learner has none); the others are left to look up.</summary>
    private static LeaderboardSlice Named(LeaderboardSlice slice, RedisResult[] names)
    {
        if (slice.Entries.Count == 0)
        {
            return slice with { Unnamed = [] };
        }

        var entries = new LeaderboardEntry[slice.Entries.Count];
        List<Guid>? unnamed = null;
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = slice.Entries[i];
            var name = i < names.Length && !names[i].IsNull ? (string)names[i]! : null;
            if (name is null)
            {
                (unnamed ??= []).Add(entry.LearnerId);
                entries[i] = entry;
            }
            else
            {
                entries[i] = name.Length == 0 ? entry : entry with { DisplayName = name };
            }
        }

        return new LeaderboardSlice(slice.Final, slice.Total, entries, (IReadOnlyList<Guid>?)unnamed ?? []);
    }

    public Task RememberNamesAsync(Guid examId, IReadOnlyCollection<Guid> learnerIds, IReadOnlyDictionary<Guid, string> found,
        CancellationToken cancellationToken) =>
        Guarded(async () =>
        {
            var args = new RedisValue[1 + 2 * learnerIds.Count];
            args[0] = (long)NamesLifetime.TotalMilliseconds;
            var i = 1;
            foreach (var id in learnerIds)
            {
                args[i++] = id.ToString();
                args[i++] = found.GetValueOrDefault(id) ?? "";
            }

            // Not awaited by Redis: the read has its names already; the next read finds them (same connection, in order).
            await Db.ScriptEvaluateAsync(RememberNamesScript, [NamesKey(Keys(examId).Zset)], args, CommandFlags.FireAndForget);
            return true;
        });

    public Task RenamedAsync(Guid learnerId, string? displayName, IReadOnlyCollection<Guid> examIds, CancellationToken cancellationToken) =>
        Guarded(async () =>
        {
            var db = Db;
            try
            {
                await Task.WhenAll(examIds.Select(examId =>
                {
                    var zset = Keys(examId).Zset;
                    return db.ScriptEvaluateAsync(RenameScript, [zset, NamesKey(zset)],
                        [learnerId.ToString(), displayName ?? "", (long)NamesLifetime.TotalMilliseconds]);
                }));
            }
            finally
            {
                // Once the new name is beside the boards (or failed to get there): a top read before that is not kept.
                ForgetTops(examIds);
            }

            return true;
        });

    private static RedisKey NamesKey(RedisKey zset) => $"{zset}:n";

    private async Task<long> ReplaceUnguardedAsync(Guid examId, bool final, IAsyncEnumerable<LeaderboardEntry> entries, CancellationToken cancellationToken)
    {
        var (zset, hash) = Keys(examId);
        var suffix = Guid.NewGuid().ToString("N");
        RedisKey tmpZset = $"{zset}:tmp:{suffix}", tmpHash = $"{hash}:tmp:{suffix}";
        var db = Db;
        long written = 0;
        // A few batches in flight at once, the oldest awaited before the next is sent: the stream from PostgreSQL and the
        // writes to Redis overlap, and what waits for Redis stays bounded.
        var inFlight = new Queue<Task>(BatchesInFlight);
        try
        {
            var batch = new List<LeaderboardEntry>(BatchSize);
            await foreach (var entry in entries.WithCancellation(cancellationToken))
            {
                batch.Add(entry);
                if (batch.Count == BatchSize)
                {
                    if (inFlight.Count >= BatchesInFlight)
                    {
                        await inFlight.Dequeue();
                    }

                    inFlight.Enqueue(WriteBatchAsync(db, final, tmpZset, batch, first: written == 0));
                    written += batch.Count;
                    batch.Clear();
                }
            }

            inFlight.Enqueue(WriteBatchAsync(db, final, tmpZset, batch, first: written == 0));
            written += batch.Count;
            await Task.WhenAll(inFlight);
            await db.ScriptEvaluateAsync(SwapScript, [zset, hash, tmpZset, tmpHash],
                [final ? "1" : "0", (long)Ttl.TotalMilliseconds, FinalMarker]);
            return written;
        }
        finally
        {
            // Left only if the swap did not happen; they expire anyway.
            await db.KeyDeleteAsync([tmpZset, tmpHash], CommandFlags.FireAndForget);
        }
    }

    /// <summary>
    /// One ZADD per batch (the entries are read before the first await, so the caller reuses the list).
    /// Only the sorted set is written: a final board's marker is set by the swap (decision 132). The temporary key gets
    /// its expiry with the first batch, in the same pipeline, so it goes away if this instance dies half-way. A final
    /// batch's members are formatted as UTF-8 into one pooled buffer, held until Redis answered (the command is written
    /// to the socket later), instead of a string per member: a million strings were most of what a publish allocated
    /// (decision 133).
    /// </summary>
    private static async Task WriteBatchAsync(IDatabase db, bool final, RedisKey zset, List<LeaderboardEntry> batch, bool first)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var members = new SortedSetEntry[batch.Count];
        byte[]? buffer = null;
        if (final)
        {
            buffer = ArrayPool<byte>.Shared.Rent(batch.Count * MaxFinalMemberBytes);
            FormatFinalMembers(batch, buffer, members);
        }
        else
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var e = batch[i];
                members[i] = new SortedSetEntry(e.LearnerId.ToString(), LiveScore(e.Score, e.TotalElapsedMs));
            }
        }

        var added = db.SortedSetAddAsync(zset, members);
        await (first ? Task.WhenAll(added, db.KeyExpireAsync(zset, TimeSpan.FromHours(1))) : added);
        // Only once Redis answered: after a failure the command may still be in the connection's backlog.
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Each entry's <c>learnerId:rank:score:totalMs</c> into <paramref name="buffer"/>, one after the other, scored by its
    /// position. A publish runs this a million times once a day, so it is compiled optimized at its first call rather than
    /// tiered up from unoptimized code while the publish runs (decision 135), and it calls only the non-generic UTF-8
    /// formatters, which the runtime ships precompiled.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FormatFinalMembers(List<LeaderboardEntry> batch, byte[] buffer, SortedSetEntry[] members)
    {
        var used = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var e = batch[i];
            var line = buffer.AsSpan(used);
            e.LearnerId.TryFormat(line, out var length);
            line[length++] = (byte)':';
            e.Rank.TryFormat(line[length..], out var written, default, CultureInfo.InvariantCulture);
            length += written;
            line[length++] = (byte)':';
            e.Score.TryFormat(line[length..], out written, default, CultureInfo.InvariantCulture);
            length += written;
            line[length++] = (byte)':';
            e.TotalElapsedMs.TryFormat(line[length..], out written, default, CultureInfo.InvariantCulture);
            length += written;
            members[i] = new SortedSetEntry(buffer.AsMemory(used, length), e.Position);
            used += length;
        }
    }

    /// <summary>A final member's longest UTF-8 form: a 36-character id, three colons, an int, an int and a long.</summary>
    private const int MaxFinalMemberBytes = 36 + 3 + 11 + 11 + 20;

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
