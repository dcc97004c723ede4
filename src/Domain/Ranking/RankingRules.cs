namespace LearningPlatform.Domain.Ranking;

/// <summary>One result taking part in the ranking.</summary>
public sealed record RankingEntry(string Id, int Score, long TotalElapsedMs, DateTimeOffset FinishedAt);

/// <summary>An entry with its rank; <see cref="Position"/> is its 1-based place in the order (ties have distinct positions).</summary>
public sealed record RankedEntry(RankingEntry Entry, int Rank, int Position);

/// <summary>
/// The ranking order: score desc, total time asc, completion asc. Equal (score, total time) share a rank and the
/// next rank skips (1, 2, 2, 4); completion time only orders entries within a shared rank.
/// This is the rule the set-based SQL in Infrastructure implements; tests compare the two.
/// </summary>
public static class RankingRules
{
    public static IReadOnlyList<RankedEntry> Rank(IReadOnlyCollection<RankingEntry> entries)
    {
        var ordered = entries
            .OrderByDescending(e => e.Score)
            .ThenBy(e => e.TotalElapsedMs)
            .ThenBy(e => e.FinishedAt)
            .ThenBy(e => e.Id, StringComparer.Ordinal)
            .ToList();

        var ranked = new List<RankedEntry>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var sharesPrevious = i > 0 && ordered[i].Score == ordered[i - 1].Score && ordered[i].TotalElapsedMs == ordered[i - 1].TotalElapsedMs;
            ranked.Add(new RankedEntry(ordered[i], sharesPrevious ? ranked[i - 1].Rank : i + 1, i + 1));
        }

        return ranked;
    }
}
