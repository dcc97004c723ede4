namespace LearningPlatform.Application.Exports;

/// <summary>An exam's standings as CSV, streamed from the database (never all in memory).</summary>
public interface IStandingsCsv
{
    /// <summary>The columns, in order, of the header row.</summary>
    public static readonly IReadOnlyList<string> Columns =
        ["position", "rank", "learner_id", "display_name", "score", "total_elapsed_ms", "prize_coins", "coupon_campaign_id"];

    /// <summary>
    /// Writes the header and one RFC 4180 line per standing of <paramref name="examId"/>, in position order, to
    /// <paramref name="target"/>; returns how many standings were written.
    /// </summary>
    Task<long> WriteAsync(Guid examId, Stream target, CancellationToken cancellationToken);
}
