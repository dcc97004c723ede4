using LearningPlatform.Application.Jobs;
using LearningPlatform.Application.Media;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Infrastructure.BackgroundJobs;

/// <summary>
/// Runs <see cref="ExpireStaleMediaUploads"/> every <c>Media:CleanupInterval</c>. Safe with several instances: each
/// batch is row-locked with SKIP LOCKED, so two instances never expire (or delete the object of) the same upload.
/// </summary>
internal sealed class MediaUploadCleanup(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<MediaOptions> options, JobMonitor monitor, ILogger<MediaUploadCleanup> logger)
    : BackgroundService
{
    public const string JobName = "media-cleanup";
    private const int BatchSize = 100;
    private const int MaxBatchesPerRound = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.CleanupInterval;
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
                    var expired = await scope.ServiceProvider.GetRequiredService<ExpireStaleMediaUploads>().HandleAsync(BatchSize, stoppingToken);
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
                logger.LogError(ex, "Media cleanup failed; it runs again in {Interval}", interval);
            }

            monitor.Scheduled(JobName, schedule, clock.GetUtcNow() + interval);
        }
    }
}
