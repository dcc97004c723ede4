using LearningPlatform.Domain.Common;

namespace LearningPlatform.Domain.Ranking;

/// <summary>A prize: coins, or one coupon reward of a campaign.</summary>
public sealed record Prize(long Coins, Guid? CouponCampaignId)
{
    public static Prize CoinsOf(long coins) => new(coins, null);

    public static Prize CouponOf(Guid campaignId) => new(0, campaignId);

    public bool IsCoupon => CouponCampaignId is not null;
}

/// <summary>Positions <see cref="FromRank"/>..<see cref="ToRank"/> (inclusive) each win <see cref="Prize"/>.</summary>
public sealed record PrizeTier(int FromRank, int ToRank, Prize Prize);

/// <summary>How tied learners share coin prizes (the exam's choice).</summary>
public enum TieRule
{
    /// <summary>Tied learners share equally the coins of all the positions they occupy (rounded down).</summary>
    ShareEqually,
    /// <summary>Each tied learner gets the full prize of the shared rank.</summary>
    EachFull,
}

public sealed record PrizeAward(RankedEntry Ranked, Prize? Prize);

/// <summary>
/// An exam's prize table. Coin prizes of tied learners follow the <see cref="TieRule"/>; a coupon cannot be split, so
/// every learner whose rank falls in a coupon tier gets one (as far as stock allows, checked when claiming). A score
/// of 0 wins nothing, whatever its rank.
/// </summary>
public sealed class PrizeTable
{
    private PrizeTable(TieRule rule, IReadOnlyList<PrizeTier> tiers)
    {
        Rule = rule;
        Tiers = tiers;
    }

    /// <summary>No prizes.</summary>
    public static PrizeTable Empty { get; } = new(TieRule.ShareEqually, []);

    public TieRule Rule { get; }
    public IReadOnlyList<PrizeTier> Tiers { get; }

    public static PrizeTable Create(TieRule rule, IReadOnlyList<PrizeTier> tiers)
    {
        var ordered = tiers.OrderBy(t => t.FromRank).ToList();
        var next = 1;
        foreach (var tier in ordered)
        {
            if (tier.FromRank != next || tier.ToRank < tier.FromRank)
            {
                throw Invalid("Tiers must cover ranks 1..n without gaps or overlaps.");
            }

            if (tier.Prize.IsCoupon ? tier.Prize.Coins != 0 : tier.Prize.Coins <= 0)
            {
                throw Invalid("A prize is a positive number of coins or one coupon.");
            }

            next = tier.ToRank + 1;
        }

        return new PrizeTable(rule, ordered);
    }

    /// <summary>The last position that wins anything (0 for an empty table).</summary>
    public int LastPrizePosition => Tiers.Count == 0 ? 0 : Tiers[^1].ToRank;

    public Prize? PrizeAt(int position) => Tiers.FirstOrDefault(t => t.FromRank <= position && position <= t.ToRank)?.Prize;

    public IReadOnlyList<PrizeAward> Award(IReadOnlyList<RankedEntry> ranked) =>
        ranked.GroupBy(r => r.Rank)
            .SelectMany(group =>
            {
                var members = group.ToList();
                // Nobody wins with nothing: a score of 0 (an attempt abandoned unanswered) is never in the prize zone.
                var prize = members[0].Entry.Score > 0 ? Share(group.Key, members.Count) : null;
                return members.Select(m => new PrizeAward(m, prize));
            })
            .ToList();

    private Prize? Share(int rank, int tied)
    {
        var atRank = PrizeAt(rank);
        if (atRank is null || atRank.IsCoupon || tied == 1 || Rule == TieRule.EachFull)
        {
            return atRank;
        }

        var coins = Enumerable.Range(rank, tied).Sum(position => PrizeAt(position) is { IsCoupon: false } p ? p.Coins : 0);
        var share = coins / tied;
        return share > 0 ? Prize.CoinsOf(share) : null;
    }

    private static DomainException Invalid(string message) => RankingRuleErrors.PrizeTableInvalid(message);
}
