using System.Collections.Concurrent;

namespace LearningPlatform.Application.Learners;

/// <summary>
/// Display names as boards show them, remembered in process for <see cref="Lifetime"/> (a learner without a name too),
/// so a hot page or <c>/me</c> window does not ask PostgreSQL for the same 20 names at every read. A change written by
/// this instance (a profile change, a start that brings the token's name) drops the learner's entry once it committed
/// (<see cref="Forget"/>), so it shows at the next read here; another instance shows it within <see cref="Lifetime"/>.
/// Bounded: when full, expired entries are dropped and, if it is still full, names are looked up every time until room
/// frees up (no eviction storm, no growth). Decision 122.
/// </summary>
public sealed class LearnerNameCache(TimeProvider clock, int maxEntries = LearnerNameCache.DefaultMaxEntries)
{
    /// <summary>About 150 bytes per entry with its name: ~15 MB when full.</summary>
    public const int DefaultMaxEntries = 100_000;

    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private long _forgets;
    private int _sweeping;

    public int Count => _entries.Count;

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

            _entries.TryRemove(KeyValuePair.Create(learnerId, entry));
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
            if (Version != versionBeforeRead || (_entries.Count >= maxEntries && !Sweep()))
            {
                return;
            }

            _entries[id] = new Entry(found.GetValueOrDefault(id), expiresAt);
        }
    }

    /// <summary>After a change of the learner's name committed: the next read looks it up again.</summary>
    public void Forget(Guid learnerId)
    {
        Interlocked.Increment(ref _forgets);
        _entries.TryRemove(learnerId, out _);
    }

    /// <summary>Drops expired entries (one sweeper at a time); true when there is room afterwards.</summary>
    private bool Sweep()
    {
        if (Interlocked.Exchange(ref _sweeping, 1) == 0)
        {
            try
            {
                var now = clock.GetTimestamp();
                foreach (var (key, entry) in _entries)
                {
                    if (now >= entry.ExpiresAt)
                    {
                        _entries.TryRemove(KeyValuePair.Create(key, entry));
                    }
                }
            }
            finally
            {
                Volatile.Write(ref _sweeping, 0);
            }
        }

        return _entries.Count < maxEntries;
    }

    private sealed record Entry(string? Name, long ExpiresAt);
}
