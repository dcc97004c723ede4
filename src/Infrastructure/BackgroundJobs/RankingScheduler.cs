using Cronos;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.Jobs;
using LearningPlatform.Application.Ranking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Infrastructure.BackgroundJobs;

/// <summary>When the nightly job runs: the cron expression in the configured time zone, DST included.</summary>
public sealed class RankingSchedule
{
    private readonly CronExpression _cron;
    private readonly TimeZoneInfo _zone;

    public RankingSchedule(RankingOptions options)
    {
        _cron = CronExpression.Parse(options.Schedule);
        _zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        Description = $"{options.Schedule} ({options.TimeZone})";
    }

    public string Description { get; }

    /// <summary>
    /// The first run strictly after <paramref name="after"/>. A time skipped by a DST change runs at the next valid
    /// moment; a time that occurs twice runs once (Cronos's rules).
    /// </summary>
    public DateTimeOffset NextAfter(DateTimeOffset after) =>
        _cron.GetNextOccurrence(after, _zone) ?? throw new InvalidOperationException($"{Description} never fires.");
}

/// <summary>
/// The nightly ranking job: closes the exams whose window ended, then ranks every closed exam. At start-up it catches
/// up on what ended while no instance ran, then it waits for each scheduled time. Several instances may run it:
/// closing is a guarded state change, and ranking takes the ranking lock and the exam's status as its fences.
/// </summary>
internal sealed class RankingScheduler(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<RankingOptions> options, JobMonitor monitor,
    ILogger<RankingScheduler> logger) : BackgroundService
{
    public const string JobName = "ranking";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schedule = new RankingSchedule(options.Value);
        monitor.Scheduled(JobName, schedule.Description, clock.GetUtcNow()); // the catch-up run, now
        var retrySoon = await RunOnceAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            // A pass that left exams unranked (a failed run, an error) comes back after RetryDelay, not a day later.
            var next = schedule.NextAfter(clock.GetUtcNow());
            if (retrySoon && clock.GetUtcNow() + options.Value.RetryDelay < next)
            {
                next = clock.GetUtcNow() + options.Value.RetryDelay;
            }

            monitor.Scheduled(JobName, schedule.Description, next);
            var delay = next - clock.GetUtcNow();
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, clock, stoppingToken);
            }

            retrySoon = await RunOnceAsync(stoppingToken);
        }
    }

    /// <summary>One pass; true when something is left to retry soon.</summary>
    private async Task<bool> RunOnceAsync(CancellationToken stoppingToken)
    {
        monitor.Started(JobName);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<CloseEndedExams>().HandleAsync(stoppingToken);
            var pass = await scope.ServiceProvider.GetRequiredService<RankClosedExams>().HandleAsync(stoppingToken);
            monitor.Finished(JobName, pass.Ranked,
                pass.Failed > 0 ? new InvalidOperationException($"{pass.Failed} ranking runs failed; see /admin/rankings/runs") : null);
            return pass.Failed > 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            monitor.Finished(JobName, 0, ex);
            logger.LogError(ex, "Ranking job failed; it runs again in {RetryDelay}", options.Value.RetryDelay);
            return true;
        }
    }
}

/// <summary>The configured schedule, for the app's countdowns.</summary>
/// <summary>The nightly job's cron expression and time zone must parse, or the host does not start.</summary>
internal sealed class RankingScheduleValidation : IValidateOptions<RankingOptions>
{
    public ValidateOptionsResult Validate(string? name, RankingOptions options)
    {
        if (!CronExpression.TryParse(options.Schedule, out _))
        {
            return ValidateOptionsResult.Fail($"{RankingOptions.Section}:Schedule '{options.Schedule}' is not a 5-field cron expression.");
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{RankingOptions.Section}:TimeZone '{options.TimeZone}' is not a known IANA time zone.");
    }
}

internal sealed class RankingCalendar(IOptions<RankingOptions> options) : Application.Ranking.IRankingCalendar
{
    private readonly RankingSchedule _schedule = new(options.Value);

    public DateTimeOffset NextRunAfter(DateTimeOffset after) => _schedule.NextAfter(after);
}
