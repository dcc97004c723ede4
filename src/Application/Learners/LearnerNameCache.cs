using System.Collections.Concurrent;

namespace LearningPlatform.Application.Learners;

/// <summary>
/// Display names as boards show them, remembered in process for <see cref="Lifetime"/> (a learner without a name too),
/// so a hot page or <c>/me</c> window does not ask PostgreSQL for the same 20 names at every read. A change written by
/// this instance (a profile change, a start that brings the token's name) drops the learner's entry once it committed
/// (<see cref="Forget"/>), so it shows at the next read here; another instance shows it within <see cref="Lifetime"/>.
/// Bounded: when full, expired entries are dropped (at most every <see cref="SweepInterval"/>) and, if it is still full,
/// names are looked up every time until room frees up (no eviction storm, no growth). Sized for the hot lines (top pages,
/// the <c>/me</c> windows of the learners reading now), not for whole boards: random pages of a large board miss it.
/// Decision 122.
/// </summary>
public sealed class LearnerNameCache(TimeProvider clock, int maxEntries = LearnerNameCache.DefaultMaxEntries)
{
    /// <summary>About 150 bytes per entry with its name: ~3 MB when full.</summary>
    public const int DefaultMaxEntries = 20_000;

    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    /// <summary>A full cache of live entries is not swept again before this (a sweep reads every entry).</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(3);

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private long _forgets;
    private int _sweeping;
    // ConcurrentDictionary.Count takes every lock: counted here instead.
    private int _count;
    private long _nextSweepAt;

    public int Count => Volatile.Read(ref _count);

    /// <summary>What a read must pass to <see cref="Remember"/>: names read before a later change are not kept.</summary>
    public long Version => Interlocked.Read(ref _forgets);

    /// <summary>The remembered name (null: the learner has none); false when it must be looked up.</summary>
    public bool TryFind(Guid learnerId, out string? name)
    {
        if (_entries.TryGetValue(learnerId, out var entry))
        {
            if (clock.GetTimestamp() < entry.ExpiresAt)
            {
                name = entry.Name;
                return true;
            }

            Removed(_entries.TryRemove(KeyValuePair.Create(learnerId, entry)));
        }

        name = null;
        return false;
    }

    /// <summary>
    /// Remembers the names looked up for <paramref name="learnerIds"/> (those missing from <paramref name="found"/> have
    /// none), unless a change was forgotten since <paramref name="versionBeforeRead"/>: the read may predate it.
    /// </summary>
    public void Remember(IEnumerable<Guid> learnerIds, IReadOnlyDictionary<Guid, string> found, long versionBeforeRead)
    {
        var expiresAt = clock.GetTimestamp() + (long)(Lifetime.TotalSeconds * clock.TimestampFrequency);
        foreach (var id in learnerIds)
        {
            if (Version != versionBeforeRead || (Count >= maxEntries && !Sweep()))
            {
                return;
            }

            var entry = new Entry(found.GetValueOrDefault(id), expiresAt);
            if (_entries.TryAdd(id, entry))
            {
                Interlocked.Increment(ref _count);
            }
            else
            {
                _entries[id] = entry;
            }
        }
    }

    /// <summary>After a change of the learner's name committed: the next read looks it up again.</summary>
    public void Forget(Guid learnerId)
    {
        Interlocked.Increment(ref _forgets);
        Removed(_entries.TryRemove(learnerId, out _));
    }

    /// <summary>Drops expired entries (one sweeper at a time, one sweep per interval); true when there is room afterwards.</summary>
    private bool Sweep()
    {
        var now = clock.GetTimestamp();
        if (now >= Interlocked.Read(ref _nextSweepAt) && Interlocked.Exchange(ref _sweeping, 1) == 0)
        {
            try
            {
                foreach (var (key, entry) in _entries)
                {
                    if (now >= entry.ExpiresAt)
                    {
                        Removed(_entries.TryRemove(KeyValuePair.Create(key, entry)));
                    }
                }

                Interlocked.Exchange(ref _nextSweepAt, now + (long)(SweepInterval.TotalSeconds * clock.TimestampFrequency));
            }
            finally
            {
                Volatile.Write(ref _sweeping, 0);
            }
        }

        return Count < maxEntries;
    }

    private void Removed(bool removed)
    {
        if (removed)
        {
            Interlocked.Decrement(ref _count);
        }
    }

    private sealed record Entry(string? Name, long ExpiresAt);
}
