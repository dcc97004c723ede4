namespace LearningPlatform.Application.Ranking;

/// <summary>When the nightly ranking job runs (its schedule and time zone are configuration).</summary>
public interface IRankingCalendar
{
    /// <summary>The first scheduled run strictly after <paramref name="after"/>.</summary>
    DateTimeOffset NextRunAfter(DateTimeOffset after);
}
