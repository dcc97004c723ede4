using LearningPlatform.Application.Ranking;
using LearningPlatform.Domain.Ranking;
using LearningPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LearningPlatform.Infrastructure.IntegrationTests.Ranking;

/// <summary>
/// The prize zone's statements walk the primary key over the zone, whatever else the standings table holds: it keeps
/// every exam ever ranked, so a statement that scans it grows with the platform's history, not with its exam (decision
/// 135). PostgreSQL reports the plans it ran (auto_explain, sent to this connection as notices).
/// </summary>
public class PrizeZonePlanTests(InfrastructureFixture fixture) : IClassFixture<InfrastructureFixture>
{
    private const int Rows = 40_000;

    [Fact]
    public async Task Winner_notices_and_missing_rewards_read_only_the_prize_zone_of_a_big_exam_beside_another()
    {
        var campaign = Guid.NewGuid();
        // 1-2: coins, 3-4: a coupon.
        var exam = await fixture.AddEndedExamAsync(PrizeTable.Create(TieRule.EachFull,
            [new PrizeTier(1, 2, Prize.CoinsOf(100)), new PrizeTier(3, 4, new Prize(0, campaign))]));
        await SeedStandingsAsync(exam.Id, campaign);
        await SeedStandingsAsync(Guid.NewGuid(), campaign);
        await using (var setup = await OpenAsync())
        {
            await new NpgsqlCommand("ANALYZE standings", setup).ExecuteNonQueryAsync();
        }

        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningDbContext>();
        var ranker = scope.ServiceProvider.GetRequiredService<IExamRanker>();
        var tracked = await db.Exams.SingleAsync(e => e.Id == exam.Id);
        await using var transaction = await db.Database.BeginTransactionAsync();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var plans = new List<string>();
        connection.Notice += (_, e) => plans.Add(e.Notice.MessageText);
        await db.Database.ExecuteSqlRawAsync(
            "LOAD 'auto_explain'; SET LOCAL auto_explain.log_min_duration = 0; SET LOCAL auto_explain.log_level = notice");

        var notices = await ranker.WriteWinnerNoticesAsync(tracked, DateTimeOffset.UtcNow, CancellationToken.None);
        var settled = await ranker.SettleRewardsAsync(tracked, DateTimeOffset.UtcNow, CancellationToken.None);
        await transaction.RollbackAsync();

        notices.Should().Be(4, "positions 1-4 won a prize");
        settled.Assigned.Should().Be(2, "the coupon positions had no reward yet");
        var zoned = plans.Where(p => p.Contains("INSERT INTO notifications", StringComparison.Ordinal)
            || p.Contains("INSERT INTO rewards", StringComparison.Ordinal)).ToList();
        zoned.Should().HaveCount(2);
        // The planner knows the zone is four rows: it plans each scan of the standings for about that many. With the
        // zone's end as a subquery it planned for a third of the exam (13,000 here), which on a table of two exams of a
        // million each is a sequential scan of both (237 ms in bench/ranking.sh).
        zoned.SelectMany(StandingsScanEstimates).Should().NotBeEmpty().And.OnlyContain(rows => rows < 100,
            "the prize zone is four rows of an exam of {0}, beside another exam of {0}", Rows);
    }

    /// <summary>The planner's row estimate of each scan of <c>standings</c> in an auto_explain plan.</summary>
    private static IEnumerable<long> StandingsScanEstimates(string plan) =>
        plan.Split('\n')
            .Select(line => System.Text.RegularExpressions.Regex.Match(line, @"Scan (?:using \w+ )?on \w*standings\w*\b.*\brows=(\d+)"))
            .Where(m => m.Success)
            .Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(fixture.Database.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>A ranked board written directly: rank = position, prizes on positions 1-4 as the table says.</summary>
    private async Task SeedStandingsAsync(Guid examId, Guid campaign)
    {
        await using var connection = await OpenAsync();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO standings (exam_id, position, rank, learner_id, result_id, score, total_elapsed_ms, finished_at, prize_coins, coupon_campaign_id)
            SELECT @exam, g, g, gen_random_uuid(), gen_random_uuid(), 100000 - g, 1000, now(),
                   CASE WHEN g <= 2 THEN 100 END, CASE WHEN g BETWEEN 3 AND 4 THEN @campaign END
            FROM generate_series(1, @rows) g
            """, connection);
        insert.Parameters.AddWithValue("exam", examId);
        insert.Parameters.AddWithValue("campaign", campaign);
        insert.Parameters.AddWithValue("rows", Rows);
        await insert.ExecuteNonQueryAsync();
    }
}
