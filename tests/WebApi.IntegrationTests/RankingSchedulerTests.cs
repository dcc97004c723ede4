using LearningPlatform.Application.Ranking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using LearningPlatform.Application.Jobs;
using LearningPlatform.Application.Common;
using System.Text.Json;
using LearningPlatform.Infrastructure.BackgroundJobs;
using LearningPlatform.TestSupport;

namespace LearningPlatform.WebApi.IntegrationTests;

/// <summary>The nightly job, scheduled about twelve hours from now (UTC) so no real-time coincidence can trigger it.</summary>
public sealed class SchedulerApiFactory : LearningApiFactory
{
    public static readonly string Schedule = QuietSchedule;

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("Ranking:Schedule", Schedule), new("Ranking:TimeZone", "UTC")];
}

public class RankingSchedulerTests(SchedulerApiFactory api) : IClassFixture<SchedulerApiFactory>
{
    private async Task<JsonElement> JobAsync()
    {
        var admin = api.ClientWith((await api.Identity.AdminAsync()).AccessToken);
        var body = await admin.GetStringAsync("/api/learning/admin/jobs");
        return JsonDocument.Parse(body).RootElement.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("name").GetString() == "ranking");
    }

    private Task<long> OpenCountAsync(Guid examId) =>
        api.Database.CountAsync($"select count(*) from exams where id = '{examId}' and ranking_status = 'Open'");

    [Fact]
    public async Task At_the_scheduled_time_the_job_closes_and_ranks_the_exams_whose_window_ended()
    {
        var exam = await api.AddExamAsync(closesAt: api.Clock.GetUtcNow().AddMinutes(1));
        await ResultSeed.InsertAsync(api.Database.ConnectionString, exam.Id,
            [new SeededResult(Guid.NewGuid(), 10, 1_000, api.Clock.GetUtcNow()), new SeededResult(Guid.NewGuid(), 20, 1_000, api.Clock.GetUtcNow())]);
        var next = new RankingSchedule(new RankingOptions { Schedule = SchedulerApiFactory.Schedule }).NextAfter(api.Clock.GetUtcNow());
        await RedisServerProcess.WaitUntilAsync(async () =>
        {
            var job = await JobAsync();
            return job.GetProperty("nextRunAt").ValueKind == JsonValueKind.String && job.GetProperty("nextRunAt").GetDateTimeOffset() == next;
        }, TimeSpan.FromSeconds(15), "the job to be scheduled");

        api.Clock.Advance(TimeSpan.FromMinutes(2));
        (await OpenCountAsync(exam.Id)).Should().Be(1, "the window ended, but the job has not run yet");

        // Step the fake clock to the scheduled time (in small steps: the job may register its timer a moment later).
        await RedisServerProcess.WaitUntilAsync(async () =>
        {
            if (api.Clock.GetUtcNow() < next)
            {
                api.Clock.Advance(next - api.Clock.GetUtcNow());
            }
            else
            {
                api.Clock.Advance(TimeSpan.FromSeconds(1));
            }

            return await OpenCountAsync(exam.Id) == 0;
        }, TimeSpan.FromSeconds(15), "the scheduled run to close the exam");

        await RedisServerProcess.WaitUntilAsync(
            async () => await api.Database.CountAsync($"select count(*) from exams where id = '{exam.Id}' and ranking_status = 'Ranked'") == 1,
            TimeSpan.FromSeconds(15), "the scheduled run to rank the exam");
        (await api.Database.CountAsync(
            $"select count(*) from ranking_runs where exam_id = '{exam.Id}' and trigger = 'Scheduled' and status = 'Succeeded' and participants = 2"))
            .Should().Be(1);
        (await api.Database.CountAsync($"select count(*) from standings where exam_id = '{exam.Id}'")).Should().Be(2);
        await RedisServerProcess.WaitUntilAsync(async () =>
        {
            var job = await JobAsync();
            return job.GetProperty("lastOutcome").GetString() == "SUCCEEDED" &&
                job.GetProperty("nextRunAt").ValueKind == JsonValueKind.String &&
                job.GetProperty("nextRunAt").GetDateTimeOffset() == next.AddDays(1);
        }, TimeSpan.FromSeconds(15), "the job to report its run and the next one");
    }

    [Fact]
    public async Task An_instance_starting_after_an_outage_catches_up_on_exams_that_ended_meanwhile()
    {
        // While "no instance ran", an exam ended (its close and ranking time passed unnoticed).
        var exam = await api.AddExamAsync(opensAt: api.Clock.GetUtcNow().AddHours(-5), closesAt: api.Clock.GetUtcNow().AddHours(-3));
        await ResultSeed.InsertAsync(api.Database.ConnectionString, exam.Id, [new SeededResult(Guid.NewGuid(), 10, 1_000, api.Clock.GetUtcNow().AddHours(-4))]);

        // An instance starts with the schedule far away: its start-up pass closes and ranks the exam at once.
        await using var restarted = api.AnotherInstance(KeyValuePair.Create("Ranking:Schedule", SchedulerApiFactory.Schedule));
        _ = restarted.Services;

        await RedisServerProcess.WaitUntilAsync(
            async () => await api.Database.CountAsync($"select count(*) from exams where id = '{exam.Id}' and ranking_status = 'Ranked'") == 1,
            TimeSpan.FromSeconds(20), "the start-up pass to rank the exam that ended during the outage");
        (await api.Database.CountAsync($"select count(*) from ranking_runs where exam_id = '{exam.Id}' and trigger = 'Scheduled'")).Should().Be(1);
    }
}

/// <summary>
/// Nightly at 02:00 Berlin time, on a fake clock set to the day before the 2027 spring-forward (28 March: 02:00 CET
/// jumps to 03:00 CEST). Tokens are checked against this clock too, so these tests stay below HTTP.
/// </summary>
public sealed class BerlinSchedulerApiFactory : LearningApiFactory
{
    public static readonly DateTimeOffset Start = new(2027, 3, 27, 10, 0, 0, TimeSpan.Zero);

    protected override DateTimeOffset ClockStart => Start;

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("Ranking:Schedule", "0 2 * * *"), new("Ranking:TimeZone", "Europe/Berlin")];
}

public class BerlinRankingSchedulerTests(BerlinSchedulerApiFactory api) : IClassFixture<BerlinSchedulerApiFactory>
{
    private JobStatus Job() => api.Services.GetRequiredService<JobMonitor>().Snapshot().Single(j => j.Name == "ranking");

    [Fact]
    public async Task Across_the_spring_forward_the_job_ranks_at_the_next_valid_time_and_then_at_two_cest()
    {
        var exam = await api.AddExamAsync(opensAt: BerlinSchedulerApiFactory.Start.AddHours(-1), closesAt: BerlinSchedulerApiFactory.Start.AddHours(2));
        await ResultSeed.InsertAsync(api.Database.ConnectionString, exam.Id, [new SeededResult(Guid.NewGuid(), 10, 1_000, BerlinSchedulerApiFactory.Start)]);

        // 02:00 does not exist that night in Berlin: the run is at 03:00 CEST, 01:00 UTC.
        var skipped = new DateTimeOffset(2027, 3, 28, 1, 0, 0, TimeSpan.Zero);
        await RedisServerProcess.WaitUntilAsync(() => Task.FromResult(Job().NextRunAt == skipped), TimeSpan.FromSeconds(15), "the job to be scheduled");
        api.Clock.Advance(skipped - api.Clock.GetUtcNow() - TimeSpan.FromSeconds(1));
        (await api.Database.CountAsync($"select count(*) from exams where id = '{exam.Id}' and ranking_status = 'Open'"))
            .Should().Be(1, "a second before the run the ended exam is still waiting");

        await RedisServerProcess.WaitUntilAsync(async () =>
        {
            if (api.Clock.GetUtcNow() < skipped.AddSeconds(5))
            {
                api.Clock.Advance(TimeSpan.FromSeconds(1));
            }

            return await api.Database.CountAsync($"select count(*) from exams where id = '{exam.Id}' and ranking_status = 'Ranked'") == 1;
        }, TimeSpan.FromSeconds(20), "the 03:00 CEST run to rank the exam");

        // The next night is on summer time: 02:00 CEST is 00:00 UTC.
        await RedisServerProcess.WaitUntilAsync(
            () => Task.FromResult(Job().NextRunAt == new DateTimeOffset(2027, 3, 29, 0, 0, 0, TimeSpan.Zero)),
            TimeSpan.FromSeconds(15), "the next run at 02:00 CEST");
        Job().LastOutcome.Should().Be("SUCCEEDED");
    }
}

public sealed class NoSchedulerApiFactory : LearningApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Ranking:Enabled", "false")];
}

public class RankingRetryTests(NoSchedulerApiFactory api) : IClassFixture<NoSchedulerApiFactory>
{
    /// <summary>Fails the first standings insert it sees, as a database blip would.</summary>
    private sealed class FailOnce : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
    {
        public int Failures;

        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>> NonQueryExecutingAsync(
            System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData,
            Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            command.CommandText.Contains("INSERT INTO standings", StringComparison.Ordinal) && Interlocked.Increment(ref Failures) == 1
                ? throw new InvalidOperationException("injected: the database went away mid-ranking")
                : ValueTask.FromResult(result);
    }

    [Fact]
    public async Task A_failed_nightly_run_is_retried_after_the_retry_delay_not_a_day_later()
    {
        var exam = await api.AddExamAsync(opensAt: api.Clock.GetUtcNow().AddHours(-3), closesAt: api.Clock.GetUtcNow().AddHours(-1));
        await ResultSeed.InsertAsync(api.Database.ConnectionString, exam.Id, [new SeededResult(Guid.NewGuid(), 10, 1_000, api.Clock.GetUtcNow().AddHours(-2))]);
        var fault = new FailOnce();

        await using var scheduler = api.AnotherInstance(
            s => s.ConfigureDbContext<LearningPlatform.Infrastructure.Persistence.LearningDbContext>(o => o.AddInterceptors(fault)),
            KeyValuePair.Create("Ranking:Schedule", SchedulerApiFactory.Schedule), KeyValuePair.Create("Ranking:RetryDelay", "00:10:00"));
        _ = scheduler.Services; // its start-up pass runs and fails

        await RedisServerProcess.WaitUntilAsync(
            async () => await api.Database.CountAsync($"select count(*) from ranking_runs where exam_id = '{exam.Id}' and status = 'Failed'") == 1,
            TimeSpan.FromSeconds(20), "the first run to fail");
        var failedAt = api.Clock.GetUtcNow();
        var job = scheduler.Services.GetRequiredService<JobMonitor>();
        await RedisServerProcess.WaitUntilAsync(() => Task.FromResult(job.Snapshot().Single(j => j.Name == "ranking").NextRunAt == failedAt.AddMinutes(10)),
            TimeSpan.FromSeconds(10), "the retry to be scheduled ten minutes on");

        api.Clock.Advance(TimeSpan.FromMinutes(10));

        await RedisServerProcess.WaitUntilAsync(
            async () => await api.Database.CountAsync($"select count(*) from exams where id = '{exam.Id}' and ranking_status = 'Ranked'") == 1,
            TimeSpan.FromSeconds(20), "the retry to rank the exam");
        fault.Failures.Should().BeGreaterThanOrEqualTo(2);
    }
}
