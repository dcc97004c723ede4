using LearningPlatform.Application.Learners;

namespace LearningPlatform.Application.Leaderboards;

/// <summary>
/// Names on a board are added at each read, for the lines read: from <see cref="LearnerNameCache"/> where it has them,
/// the rest in one round trip. The boards in Redis never hold a name that could go stale.
/// </summary>
internal static class LeaderboardNames
{
    public static async Task<IReadOnlyList<LeaderboardEntry>> NameAsync(
        this ILearnerNames names, LearnerNameCache cache, IReadOnlyList<LeaderboardEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return entries;
        }

        var named = new LeaderboardEntry[entries.Count];
        List<Guid>? missing = null;
        for (var i = 0; i < entries.Count; i++)
        {
            if (cache.TryFind(entries[i].LearnerId, out var name))
            {
                named[i] = entries[i] with { DisplayName = name };
            }
            else
            {
                (missing ??= []).Add(entries[i].LearnerId);
            }
        }

        if (missing is not null)
        {
            var version = cache.Version;
            var found = await names.FindAsync(missing, cancellationToken);
            cache.Remember(missing, found, version);
            for (var i = 0; i < entries.Count; i++)
            {
                named[i] ??= entries[i] with { DisplayName = found.GetValueOrDefault(entries[i].LearnerId) };
            }
        }

        return named;
    }
}
