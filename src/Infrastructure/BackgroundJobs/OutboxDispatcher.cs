using LearningPlatform.Application.Jobs;
using LearningPlatform.Application.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Infrastructure.BackgroundJobs;

/// <summary>
/// Sends what the outbox holds, in every instance (claims keep them from sending the same message). Runs rounds back to
/// back while there is work, and sleeps <c>Outbox:PollInterval</c> when there is none.
/// </summary>
internal sealed class OutboxDispatcher(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<OutboxOptions> options, JobMonitor monitor, ILogger<OutboxDispatcher> logger)
    : BackgroundService
{
    public const string JobName = "outbox";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            monitor.Scheduled(JobName, $"every {interval.TotalSeconds:0.#} s while idle", clock.GetUtcNow());
            monitor.Started(JobName);
            var sent = 0;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                sent = await scope.ServiceProvider.GetRequiredService<DispatchOutbox>().HandleAsync(stoppingToken);
                monitor.Finished(JobName, sent);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                monitor.Finished(JobName, 0, ex);
                logger.LogError(ex, "Outbox round failed; retrying in {Interval}", interval);
            }

            if (sent == 0)
            {
                monitor.Scheduled(JobName, $"every {interval.TotalSeconds:0.#} s while idle", clock.GetUtcNow() + interval);
                await Task.Delay(interval, clock, stoppingToken);
            }
        }
    }
}
