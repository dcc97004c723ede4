using LearningPlatform.Application.Common;
using LearningPlatform.Application.Ranking;
using LearningPlatform.Infrastructure.BackgroundJobs;

namespace LearningPlatform.Infrastructure.IntegrationTests;

public class RankingScheduleTests
{
    private static RankingSchedule Nightly(string zone = "UTC") => new(new RankingOptions { Schedule = "0 2 * * *", TimeZone = zone });

    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Default_is_two_in_the_morning_utc() =>
        Nightly().NextAfter(Utc("2026-11-24T10:00:00Z")).Should().Be(Utc("2026-11-25T02:00:00Z"));

    [Fact]
    public void Two_in_the_morning_in_berlin_is_one_utc_in_winter_and_midnight_utc_in_summer()
    {
        Nightly("Europe/Berlin").NextAfter(Utc("2026-11-24T10:00:00Z")).Should().Be(Utc("2026-11-25T01:00:00Z"));
        Nightly("Europe/Berlin").NextAfter(Utc("2026-07-01T10:00:00Z")).Should().Be(Utc("2026-07-02T00:00:00Z"));
    }

    [Fact]
    public void When_the_clocks_spring_forward_past_two_the_job_runs_at_the_next_valid_time()
    {
        // 2026-03-29 in Berlin: 02:00 CET jumps to 03:00 CEST; 02:00 does not exist that night.
        Nightly("Europe/Berlin").NextAfter(Utc("2026-03-28T12:00:00Z")).Should().Be(Utc("2026-03-29T01:00:00Z"));
    }

    [Fact]
    public void When_the_clocks_fall_back_the_job_runs_once()
    {
        // 2026-10-25 in Berlin: 03:00 CEST goes back to 02:00 CET; 02:00 happens twice (00:00Z and 01:00Z).
        var schedule = Nightly("Europe/Berlin");
        var first = schedule.NextAfter(Utc("2026-10-24T12:00:00Z"));
        first.Should().Be(Utc("2026-10-25T00:00:00Z"));
        schedule.NextAfter(first).Should().Be(Utc("2026-10-26T01:00:00Z"), "not again at 01:00Z the same night");
    }

    [Fact]
    public void An_invalid_expression_or_zone_is_refused_at_start_up()
    {
        FluentActions.Invoking(() => new RankingSchedule(new RankingOptions { Schedule = "every night" }))
            .Should().Throw<Cronos.CronFormatException>();
        FluentActions.Invoking(() => new RankingSchedule(new RankingOptions { TimeZone = "Mars/Olympus" }))
            .Should().Throw<TimeZoneNotFoundException>();
    }
}
