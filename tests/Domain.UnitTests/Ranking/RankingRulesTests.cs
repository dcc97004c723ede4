using LearningPlatform.Domain.Ranking;

namespace LearningPlatform.Domain.UnitTests.Ranking;

public class RankingRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);

    private static RankingEntry E(string id, int score, long elapsed, int secondsAfter = 0) =>
        new(id, score, elapsed, T0.AddSeconds(secondsAfter));

    [Fact]
    public void Order_is_score_desc_then_time_asc_then_completion_asc()
    {
        var ranked = RankingRules.Rank([E("slow", 50, 9_000), E("best", 60, 9_000), E("fast", 50, 4_000), E("late", 50, 9_000, 5)]);

        ranked.Select(r => r.Entry.Id).Should().Equal("best", "fast", "slow", "late");
    }

    [Fact]
    public void Equal_score_and_time_share_a_rank_and_the_next_rank_skips()
    {
        var ranked = RankingRules.Rank([E("a", 90, 1_000), E("b", 80, 2_000), E("c", 80, 2_000, 3), E("d", 70, 1_000)]);

        ranked.Select(r => (r.Entry.Id, r.Rank)).Should().Equal(("a", 1), ("b", 2), ("c", 2), ("d", 4));
    }

    [Fact]
    public void Completion_time_orders_within_a_shared_rank_but_does_not_break_the_tie()
    {
        var ranked = RankingRules.Rank([E("later", 80, 2_000, 9), E("earlier", 80, 2_000, 1)]);

        ranked.Select(r => (r.Entry.Id, r.Rank)).Should().Equal(("earlier", 1), ("later", 1));
    }

    [Fact]
    public void Nobody_ranks_nothing() => RankingRules.Rank([]).Should().BeEmpty();
}
