using LearningPlatform.Application.Attempts;
using LearningPlatform.Application.Jobs;
using Microsoft.Extensions.DependencyInjection;
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
    : PeriodicBatchJob(scopes, clock, monitor, logger)
{
    public const string Name = "attempt-expiry";

    protected override string JobName => Name;
    protected override TimeSpan Interval => options.Value.SweepInterval;
    protected override int BatchSize => 500;

    protected override Task<int> RunBatchAsync(IServiceProvider services, int batchSize, CancellationToken cancellationToken) =>
        services.GetRequiredService<ExpireOverdueAttempts>().HandleAsync(batchSize, cancellationToken);
}
