using LearningPlatform.Domain.Ranking;
using LearningPlatform.Domain.Rewards;
using LearningPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Infrastructure.IntegrationTests.Ranking;

/// <summary>
/// The set-based ranking against PostgreSQL, row by row against a computation written out here, independently of
/// the Domain's <c>RankingRules</c> and <c>PrizeTable</c>.
/// </summary>
public class SqlRankingTests(InfrastructureFixture fixture) : IClassFixture<InfrastructureFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Campaign = Guid.Parse("6d1c2b3a-0000-4000-8000-00000000c0de");

    // 1: 1000 coins; 2: 500; 3-4: a coupon; 5-6: 100 coins each.
    private static readonly (int From, int To, long Coins, Guid? Coupon)[] Tiers =
        [(1, 1, 1_000, null), (2, 2, 500, null), (3, 4, 0, Campaign), (5, 6, 100, null)];

    private static PrizeTable Table(TieRule rule) =>
        PrizeTable.Create(rule, [.. Tiers.Select(t => new PrizeTier(t.From, t.To, new Prize(t.Coins, t.Coupon)))]);

    private static List<SeededResult> TiesAcrossEveryBoundary()
    {
        var sameFinish = T0.AddMinutes(30);
        return
        [
            new(Guid.NewGuid(), 200, 1_000, T0, Invalidated: true), // the best, but invalidated: not ranked
            new(Guid.NewGuid(), 100, 5_000, T0.AddMinutes(1)),      // rank 1
            new(Guid.NewGuid(), 90, 6_000, T0.AddMinutes(5)),       // rank 2, position 3 (finished later)
            new(Guid.NewGuid(), 90, 6_000, T0.AddMinutes(3)),       // rank 2, position 2: splits 500 + the coupon position's nothing
            new(Guid.NewGuid(), 80, 7_000, T0.AddMinutes(7)),       // rank 4, coupon tier: each tied learner gets a coupon
            new(Guid.NewGuid(), 80, 7_000, T0.AddMinutes(8)),       // rank 4
            new(Guid.NewGuid(), 70, 8_000, sameFinish),             // rank 6, tied across the end of the table (positions 6-8)
            new(Guid.NewGuid(), 70, 8_000, sameFinish),             // rank 6 (same finish: learner id orders them)
            new(Guid.NewGuid(), 70, 8_000, T0.AddMinutes(2)),       // rank 6
            new(Guid.NewGuid(), 70, 9_000, T0.AddMinutes(1)),       // rank 9: no prize
            new(Guid.NewGuid(), 0, 0, T0.AddMinutes(40)),           // rank 10
        ];
    }

    private sealed record Expected(int Position, int Rank, Guid LearnerId, int Score, long TotalElapsedMs, long? Coins, Guid? Coupon);

    /// <summary>The rules of DESIGN.md section 4, spelled out plainly.</summary>
    private static List<Expected> Expect(IEnumerable<SeededResult> results, TieRule rule)
    {
        var counted = results.Where(r => !r.Invalidated)
            .GroupBy(r => r.LearnerId)
            .Select(g => g.OrderByDescending(r => r.Score).ThenBy(r => r.TotalElapsedMs).ThenBy(r => r.FinishedAt).First())
            .OrderByDescending(r => r.Score).ThenBy(r => r.TotalElapsedMs).ThenBy(r => r.FinishedAt)
            .ThenBy(r => r.LearnerId.ToString("N"), StringComparer.Ordinal) // PostgreSQL compares uuids byte by byte
            .ToList();

        (long Coins, Guid? Coupon)? TierAt(int position)
        {
            foreach (var t in Tiers)
            {
                if (t.From <= position && position <= t.To)
                {
                    return (t.Coins, t.Coupon);
                }
            }

            return null;
        }

        var expected = new List<Expected>();
        for (var i = 0; i < counted.Count;)
        {
            var rank = i + 1;
            var tied = counted.Skip(i).TakeWhile(r => r.Score == counted[i].Score && r.TotalElapsedMs == counted[i].TotalElapsedMs).Count();
            long? coins = null;
            Guid? coupon = null;
            if (counted[i].Score > 0 && TierAt(rank) is { } head)
            {
                if (head.Coupon is not null)
                {
                    coupon = head.Coupon;
                }
                else if (rule == TieRule.EachFull || tied == 1)
                {
                    coins = head.Coins;
                }
                else
                {
                    long sum = 0;
                    for (var p = rank; p < rank + tied; p++)
                    {
                        sum += TierAt(p) is { Coupon: null } coinTier ? coinTier.Coins : 0;
                    }

                    coins = sum / tied > 0 ? sum / tied : null;
                }
            }

            for (var k = 0; k < tied; k++, i++)
            {
                var r = counted[i];
                expected.Add(new Expected(i + 1, rank, r.LearnerId, r.Score, r.TotalElapsedMs, coins, coupon));
            }
        }

        return expected;
    }

    [Theory]
    [InlineData(TieRule.ShareEqually)]
    [InlineData(TieRule.EachFull)]
    public async Task Ties_and_splits_written_by_sql_match_an_independent_computation_row_by_row(TieRule rule)
    {
        var exam = await fixture.AddEndedExamAsync(Table(rule), entryFee: 50, rakeBasisPoints: 1_000, guaranteedPool: 300);
        var seeded = TiesAcrossEveryBoundary();
        await fixture.SeedAsync(exam.Id, seeded);

        var run = await fixture.Services.RankAsync(exam.Id);

        run.Status.Should().Be(RankingRunStatus.Succeeded, run.Error);
        var expected = Expect(seeded, rule);
        var standings = await fixture.Services.StandingsAsync(exam.Id);
        standings.Select(s => new Expected(s.Position, s.Rank, s.LearnerId, s.Score, s.TotalElapsedMs, s.PrizeCoins, s.CouponCampaignId))
            .Should().Equal(expected);
        standings.Select(s => s.Rank).Should().Equal(1, 2, 2, 4, 4, 6, 6, 6, 9, 10);

        var credits = await fixture.Services.QueryAsync(db => db.CoinLedger.AsNoTracking().Where(c => c.ExamId == exam.Id).ToListAsync());
        credits.Select(c => (c.LearnerId, c.Amount, c.Reason)).Should().BeEquivalentTo(
            expected.Where(e => e.Coins is not null).Select(e => (e.LearnerId, e.Coins!.Value, CoinEntryReason.ExamPrize)));
        var rewards = await fixture.Services.QueryAsync(db => db.Rewards.AsNoTracking().Where(r => r.ExamId == exam.Id).ToListAsync());
        rewards.Select(r => (r.LearnerId, r.CouponCampaignId, r.Status)).Should().BeEquivalentTo(
            expected.Where(e => e.Coupon is not null).Select(e => (e.LearnerId, e.Coupon!.Value, RewardStatus.Assigned)));
        rewards.Should().HaveCount(2, "both learners tied in the coupon tier get one");

        var paidOut = expected.Sum(e => e.Coins ?? 0);
        paidOut.Should().Be(rule == TieRule.ShareEqually ? 1_000 + 250 * 2 + 33 * 3 : 1_000 + 500 * 2 + 100 * 3);
        var ranked = await fixture.Services.ExamAsync(exam.Id);
        ranked.RankingStatus.Should().Be(ExamRankingStatus.Ranked);
        ranked.Economics.Should().Be(new ExamEconomics(Participants: 10, FeesCollected: 500, Rake: 50, PrizePool: 450, PaidOut: paidOut));
        run.Participants.Should().Be(10);
    }

    [Fact]
    public async Task With_several_attempts_a_learner_is_ranked_once_on_their_best_counted_result()
    {
        var exam = await fixture.AddEndedExamAsync(PrizeTable.Create(TieRule.ShareEqually, [new PrizeTier(1, 1, Prize.CoinsOf(100))]), maxAttempts: 3);
        var (twice, once) = (Guid.NewGuid(), Guid.NewGuid());
        await fixture.SeedAsync(exam.Id,
        [
            new(twice, 50, 9_000, T0),
            new(twice, 60, 9_999, T0.AddMinutes(20)),
            new(twice, 90, 1_000, T0.AddMinutes(30), Invalidated: true),
            new(once, 60, 9_999, T0.AddMinutes(10)),
        ]);

        (await fixture.Services.RankAsync(exam.Id)).Status.Should().Be(RankingRunStatus.Succeeded);

        var standings = await fixture.Services.StandingsAsync(exam.Id);
        standings.Select(s => (s.Position, s.Rank, s.LearnerId, s.Score, s.TotalElapsedMs, s.PrizeCoins)).Should().Equal(
            (1, 1, once, 60, 9_999L, (long?)50L),
            (2, 1, twice, 60, 9_999L, (long?)50L));
    }

    [Fact]
    public async Task Learners_who_scored_nothing_win_nothing_even_inside_the_prize_zone()
    {
        var exam = await fixture.AddEndedExamAsync(Table(TieRule.EachFull));
        var scorer = Guid.NewGuid();
        await fixture.SeedAsync(exam.Id,
            [new(scorer, 10, 5_000, T0), .. Enumerable.Range(0, 50).Select(i => new SeededResult(Guid.NewGuid(), 0, 0, T0.AddSeconds(i)))]);

        (await fixture.Services.RankAsync(exam.Id)).Status.Should().Be(RankingRunStatus.Succeeded);

        var standings = await fixture.Services.StandingsAsync(exam.Id);
        standings.Where(s => s.Rank == 2).Should().HaveCount(50, "all fifty share rank 2, inside the table");
        standings.Where(s => s.PrizeCoins is not null || s.CouponCampaignId is not null).Select(s => s.LearnerId).Should().Equal(scorer);
        (await fixture.Database.CountAsync($"select count(*) from rewards where exam_id = '{exam.Id}'")).Should().Be(0);
    }

    [Fact]
    public async Task An_exam_nobody_took_is_ranked_with_no_standings_and_the_guaranteed_pool()
    {
        var exam = await fixture.AddEndedExamAsync(Table(TieRule.ShareEqually), entryFee: 10, guaranteedPool: 1_000);

        var run = await fixture.Services.RankAsync(exam.Id);

        run.Status.Should().Be(RankingRunStatus.Succeeded);
        run.Participants.Should().Be(0);
        (await fixture.Services.StandingsAsync(exam.Id)).Should().BeEmpty();
        (await fixture.Services.ExamAsync(exam.Id)).Economics.Should().Be(new ExamEconomics(0, 0, 0, 1_000, 0));
    }
}
