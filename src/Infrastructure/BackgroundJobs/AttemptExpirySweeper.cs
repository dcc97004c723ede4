using LearningPlatform.Application.Attempts;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Infrastructure.BackgroundJobs;

/// <summary>
/// Runs <see cref="ExpireOverdueAttempts"/> every <c>Attempts:SweepInterval</c>. Safe with several instances:
/// the attempts' concurrency token lets only one of them expire a given attempt.
/// </summary>
internal sealed class AttemptExpirySweeper(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<AttemptOptions> options, JobMonitor monitor,
    ILogger<AttemptExpirySweeper> logger)
    : BackgroundService
{
    public const string JobName = "attempt-expiry";
    private const int BatchSize = 500;
    private const int MaxBatchesPerRound = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.SweepInterval;
        var schedule = $"every {interval}";
        using var timer = new PeriodicTimer(interval, clock);
        monitor.Scheduled(JobName, schedule, clock.GetUtcNow() + interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            monitor.Started(JobName);
            var total = 0;
            try
            {
                for (var i = 0; i < MaxBatchesPerRound; i++)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var expired = await scope.ServiceProvider.GetRequiredService<ExpireOverdueAttempts>()
                        .HandleAsync(BatchSize, stoppingToken);
                    total += expired;
                    if (expired < BatchSize)
                    {
                        break;
                    }
                }

                monitor.Finished(JobName, total);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                monitor.Finished(JobName, total, ex);
                logger.LogError(ex, "Expiry sweep failed; it runs again in {Interval}", interval);
            }

            monitor.Scheduled(JobName, schedule, clock.GetUtcNow() + interval);
        }
    }
}
