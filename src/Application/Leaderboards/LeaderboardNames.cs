using LearningPlatform.Application.Learners;

namespace LearningPlatform.Application.Leaderboards;

/// <summary>
/// Names on a board are looked up at each read, for the lines read, in one round trip: a name change shows at the next
/// read, and the boards in Redis never hold a name that could go stale.
/// </summary>
internal static class LeaderboardNames
{
    public static async Task<IReadOnlyList<LeaderboardEntry>> NameAsync(
        this ILearnerNames names, IReadOnlyList<LeaderboardEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return entries;
        }

        var found = await names.FindAsync([.. entries.Select(e => e.LearnerId)], cancellationToken);
        return [.. entries.Select(e => e with { DisplayName = found.GetValueOrDefault(e.LearnerId) })];
    }
}
