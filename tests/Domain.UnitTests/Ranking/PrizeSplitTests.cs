using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Ranking;

namespace LearningPlatform.Domain.UnitTests.Ranking;

public class PrizeSplitTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);
    private static readonly Guid Campaign = Guid.NewGuid();

    // 1st 100 coins, 2nd 50, 3rd 20, 4th-5th a coupon each.
    private static PrizeTable Table(TieRule rule) => PrizeTable.Create(rule,
    [
        new PrizeTier(1, 1, Prize.CoinsOf(100)),
        new PrizeTier(2, 2, Prize.CoinsOf(50)),
        new PrizeTier(3, 3, Prize.CoinsOf(20)),
        new PrizeTier(4, 5, Prize.CouponOf(Campaign)),
    ]);

    private static IReadOnlyList<RankedEntry> Ranked(params (string Id, int Score)[] entries) =>
        RankingRules.Rank(entries.Select((e, i) => new RankingEntry(e.Id, e.Score, 1_000, T0.AddSeconds(i))).ToList());

    private static Dictionary<string, Prize?> Awards(PrizeTable table, IReadOnlyList<RankedEntry> ranked) =>
        table.Award(ranked).ToDictionary(a => a.Ranked.Entry.Id, a => a.Prize);

    [Fact]
    public void Without_ties_each_position_gets_its_prize()
    {
        var awards = Awards(Table(TieRule.ShareEqually), Ranked(("a", 9), ("b", 8), ("c", 7), ("d", 6), ("e", 5), ("f", 4)));

        awards["a"].Should().Be(Prize.CoinsOf(100));
        awards["b"].Should().Be(Prize.CoinsOf(50));
        awards["c"].Should().Be(Prize.CoinsOf(20));
        awards["d"].Should().Be(Prize.CouponOf(Campaign));
        awards["e"].Should().Be(Prize.CouponOf(Campaign));
        awards["f"].Should().BeNull();
    }

    [Fact]
    public void A_score_of_zero_wins_nothing_even_inside_the_table()
    {
        var awards = Awards(Table(TieRule.EachFull), Ranked(("a", 9), ("b", 0), ("c", 0), ("d", 0)));

        awards["a"].Should().Be(Prize.CoinsOf(100));
        new[] { awards["b"], awards["c"], awards["d"] }.Should().AllSatisfy(p => p.Should().BeNull());
    }

    [Fact]
    public void Tied_learners_share_the_coins_of_the_positions_they_occupy()
    {
        // b and c tie for 2nd: they occupy positions 2 and 3 → (50 + 20) / 2 each.
        var awards = Awards(Table(TieRule.ShareEqually), Ranked(("a", 9), ("b", 8), ("c", 8), ("d", 6)));

        awards["b"].Should().Be(Prize.CoinsOf(35));
        awards["c"].Should().Be(Prize.CoinsOf(35));
        awards["d"].Should().Be(Prize.CouponOf(Campaign), "d is 4th");
    }

    [Fact]
    public void A_tie_at_the_top_shares_first_and_second()
    {
        var awards = Awards(Table(TieRule.ShareEqually), Ranked(("a", 9), ("b", 9), ("c", 7)));

        awards["a"].Should().Be(Prize.CoinsOf(75));
        awards["b"].Should().Be(Prize.CoinsOf(75));
        awards["c"].Should().Be(Prize.CoinsOf(20));
    }

    [Fact]
    public void A_tie_across_the_coin_boundary_shares_only_the_coins_inside_the_table_and_rounds_down()
    {
        // c, d and e tie for 3rd: positions 3, 4, 5 → 20 coins (positions 4-5 are coupon positions, no coins)
        // shared by three → 6 each; the remaining 2 coins are not paid out.
        var awards = Awards(Table(TieRule.ShareEqually), Ranked(("a", 9), ("b", 8), ("c", 7), ("d", 7), ("e", 7)));

        awards["c"].Should().Be(Prize.CoinsOf(6));
        awards["d"].Should().Be(Prize.CoinsOf(6));
        awards["e"].Should().Be(Prize.CoinsOf(6));
    }

    [Fact]
    public void A_tie_across_the_end_of_the_table_shares_with_empty_positions()
    {
        var table = PrizeTable.Create(TieRule.ShareEqually, [new PrizeTier(1, 1, Prize.CoinsOf(100)), new PrizeTier(2, 2, Prize.CoinsOf(40))]);

        // b, c tie for 2nd: positions 2 and 3 → (40 + 0) / 2.
        var awards = Awards(table, Ranked(("a", 9), ("b", 8), ("c", 8)));

        awards["b"].Should().Be(Prize.CoinsOf(20));
        awards["c"].Should().Be(Prize.CoinsOf(20));
    }

    [Fact]
    public void With_each_full_every_tied_learner_gets_the_prize_of_the_shared_rank()
    {
        var awards = Awards(Table(TieRule.EachFull), Ranked(("a", 9), ("b", 8), ("c", 8), ("d", 6)));

        awards["b"].Should().Be(Prize.CoinsOf(50));
        awards["c"].Should().Be(Prize.CoinsOf(50));
        awards["d"].Should().Be(Prize.CouponOf(Campaign));
    }

    [Fact]
    public void Tied_learners_in_a_coupon_tier_each_get_the_coupon()
    {
        // d and e tie for 4th, inside the coupon tier: both get one (stock permitting, checked when awarding).
        var awards = Awards(Table(TieRule.ShareEqually), Ranked(("a", 9), ("b", 8), ("c", 7), ("d", 6), ("e", 6), ("f", 1)));

        awards["d"].Should().Be(Prize.CouponOf(Campaign));
        awards["e"].Should().Be(Prize.CouponOf(Campaign));
        awards["f"].Should().BeNull();
    }

    [Fact]
    public void Overlapping_or_gapped_tiers_are_refused()
    {
        FluentActions.Invoking(() => PrizeTable.Create(TieRule.ShareEqually,
                [new PrizeTier(1, 2, Prize.CoinsOf(10)), new PrizeTier(2, 3, Prize.CoinsOf(5))]))
            .Should().Throw<DomainException>().Which.Code.Should().Be("prize_table.invalid");
        FluentActions.Invoking(() => PrizeTable.Create(TieRule.ShareEqually,
                [new PrizeTier(1, 1, Prize.CoinsOf(10)), new PrizeTier(3, 3, Prize.CoinsOf(5))]))
            .Should().Throw<DomainException>();
        FluentActions.Invoking(() => PrizeTable.Create(TieRule.ShareEqually, [new PrizeTier(1, 1, Prize.CoinsOf(0))]))
            .Should().Throw<DomainException>();
    }
}
