using System.Text.Json;
using System.Text.Json.Serialization;
using LearningPlatform.Domain.Ranking;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace LearningPlatform.Infrastructure.Persistence.Configurations;

/// <summary>
/// An exam's prize table as a <c>jsonb</c> value: <c>{"rule": "ShareEqually", "tiers": [{"from_rank": 1, "to_rank": 1,
/// "coins": 500, "coupon_campaign_id": null}]}</c>. The ranking SQL reads the tiers with <c>jsonb_to_recordset</c>,
/// so the keys are the column names it declares.
/// </summary>
internal static class PrizeTableJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter() },
    };

    public static readonly ValueConverter<PrizeTable, string> Converter = new(t => Write(t), s => Read(s));

    public static readonly ValueComparer<PrizeTable> Comparer = new(
        (a, b) => Write(a!) == Write(b!), t => Write(t).GetHashCode(StringComparison.Ordinal), t => t);

    public static string Write(PrizeTable table) => JsonSerializer.Serialize(
        new Document(table.Rule, [.. table.Tiers.Select(t => new Tier(t.FromRank, t.ToRank, t.Prize.Coins, t.Prize.CouponCampaignId))]),
        Options);

    private static PrizeTable Read(string json)
    {
        var document = JsonSerializer.Deserialize<Document>(json, Options)!;
        return document.Tiers.Count == 0
            ? PrizeTable.Empty
            : PrizeTable.Create(document.Rule, [.. document.Tiers.Select(t => new PrizeTier(t.FromRank, t.ToRank, new Prize(t.Coins, t.CouponCampaignId)))]);
    }

    private sealed record Document(TieRule Rule, IReadOnlyList<Tier> Tiers);

    private sealed record Tier(int FromRank, int ToRank, long Coins, Guid? CouponCampaignId);
}
