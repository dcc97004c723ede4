using LearningPlatform.Application.Exports;
using LearningPlatform.Application.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Infrastructure.BackgroundJobs;

/// <summary>
/// Runs exports (<see cref="RunNextExport"/>) one at a time in this instance until none is left, when woken by a
/// request here (<see cref="IExportQueue"/>) or every <c>Exports:PollInterval</c> (exports requested on another
/// instance, and RUNNING ones whose instance died, once their lease ran out). Safe with several instances: each claim
/// is row-locked with SKIP LOCKED.
/// </summary>
internal sealed class ExportWorker(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<ExportOptions> options, JobMonitor monitor, ILogger<ExportWorker> logger)
    : BackgroundService, IExportQueue
{
    public const string JobName = "exports";
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already woken.
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.PollInterval;
        var schedule = $"every {interval} and on request";
        monitor.Scheduled(JobName, schedule, clock.GetUtcNow());
        while (!stoppingToken.IsCancellationRequested)
        {
            monitor.Started(JobName);
            var ran = 0;
            try
            {
                while (true)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    if (await scope.ServiceProvider.GetRequiredService<RunNextExport>().HandleAsync(stoppingToken) is null)
                    {
                        break;
                    }

                    ran++;
                }

                monitor.Finished(JobName, ran);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database is away (claiming or recording failed): the export stays as it was and is claimed again
                // at a later round (a RUNNING one once its lease has run out).
                monitor.Finished(JobName, ran, ex);
                logger.LogWarning("The export job could not go on: {Cause}; it tries again in {Interval}", ex.Message, interval);
            }

            monitor.Scheduled(JobName, schedule, clock.GetUtcNow() + interval);
            // Whichever comes first; the other wait is cancelled, so a wake-up is never taken by a forgotten waiter.
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            await Task.WhenAny(_wake.WaitAsync(wait.Token), Task.Delay(interval, clock, wait.Token));
            await wait.CancelAsync();
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}

/// <summary>The export job is off in this instance (<c>Exports:PollInterval</c> 0): another instance's job polls.</summary>
internal sealed class NoExportQueue : IExportQueue
{
    public void Wake()
    {
    }
}
