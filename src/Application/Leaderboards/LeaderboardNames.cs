using LearningPlatform.Application.Learners;

namespace LearningPlatform.Application.Leaderboards;

/// <summary>
/// Names on a board come with its lines from Redis, which keeps them beside the board (decision 134); the lines whose
/// names Redis did not have, or every line of a slice read from PostgreSQL, are named in one PostgreSQL statement, and
/// what it found is kept beside the board for the next reads. A rename sets the new name on the learner's boards once it
/// committed, so every instance shows it at the next read.
/// </summary>
internal static class LeaderboardNames
{
    public static async Task<IReadOnlyList<LeaderboardEntry>> NameAsync(
        this ILearnerNames names, ILeaderboardCache cache, Guid examId, LeaderboardSlice slice, CancellationToken cancellationToken)
    {
        var entries = slice.Entries;
        var missing = slice.Unnamed ?? [.. entries.Select(e => e.LearnerId)];
        if (entries.Count == 0 || missing.Count == 0)
        {
            return entries;
        }

        var found = await names.FindAsync(missing, cancellationToken);
        if (slice.Unnamed is not null)
        {
            try
            {
                await cache.RememberNamesAsync(examId, missing, found, cancellationToken);
            }
            catch (CacheUnavailableException)
            {
                // The read has its names; the next one looks them up again.
            }
        }

        var looked = missing.ToHashSet();
        var named = new LeaderboardEntry[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            named[i] = looked.Contains(entries[i].LearnerId) ? entries[i] with { DisplayName = found.GetValueOrDefault(entries[i].LearnerId) } : entries[i];
        }

        return named;
    }
}
