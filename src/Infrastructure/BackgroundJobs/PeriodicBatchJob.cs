using LearningPlatform.Application.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Infrastructure.BackgroundJobs;

/// <summary>
/// A sweep on a fixed interval: each round runs batches of a use case (in a scope of their own) until one comes back
/// short or <see cref="MaxBatchesPerRound"/> ran, and reports to <see cref="JobMonitor"/> (GET /admin/jobs). A failed
/// round is logged and the next one runs on time. The use case itself makes it safe with several instances.
/// </summary>
internal abstract class PeriodicBatchJob(IServiceScopeFactory scopes, TimeProvider clock, JobMonitor monitor, ILogger logger) : BackgroundService
{
    private const int MaxBatchesPerRound = 20;

    protected abstract string JobName { get; }
    protected abstract TimeSpan Interval { get; }
    protected abstract int BatchSize { get; }

    /// <summary>One batch of at most <paramref name="batchSize"/>; returns how many it handled.</summary>
    protected abstract Task<int> RunBatchAsync(IServiceProvider services, int batchSize, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = Interval;
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
                    var handled = await RunBatchAsync(scope.ServiceProvider, BatchSize, stoppingToken);
                    total += handled;
                    if (handled < BatchSize)
                    {
                        break;
                    }
                }

                monitor.Finished(JobName, total);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                monitor.Finished(JobName, total, ex);
                logger.LogError(ex, "Job {Job} failed; it runs again in {Interval}", JobName, interval);
            }

            monitor.Scheduled(JobName, schedule, clock.GetUtcNow() + interval);
        }
    }
}
