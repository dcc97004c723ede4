using LearningPlatform.Application.Attempts;
using LearningPlatform.Application.Common;
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
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<AttemptOptions> options, ILogger<AttemptExpirySweeper> logger)
    : BackgroundService
{
    private const int BatchSize = 500;
    private const int MaxBatchesPerRound = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                for (var i = 0; i < MaxBatchesPerRound; i++)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var expired = await scope.ServiceProvider.GetRequiredService<ExpireOverdueAttempts>()
                        .RunOnceAsync(BatchSize, stoppingToken);
                    if (expired < BatchSize)
                    {
                        break;
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Expiry sweep failed; it runs again in {Interval}", options.Value.SweepInterval);
            }
        }
    }
}
