using LearningPlatform.Application.Jobs;
using LearningPlatform.Infrastructure.BackgroundJobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Infrastructure.Billing.Google;

/// <summary>
/// Runs <see cref="GooglePlayStore.AcknowledgePendingAsync"/> every <c>Billing:Google:AcknowledgeSweepInterval</c> (GET
/// /admin/jobs shows it): a purchase whose acknowledge failed is not left for Play to refund when the app never
/// verifies it again and no notification comes.
/// </summary>
internal sealed class GoogleAcknowledgeSweep(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<GooglePlayOptions> options, JobMonitor monitor, ILogger<GoogleAcknowledgeSweep> logger)
    : PeriodicBatchJob(scopes, clock, monitor, logger)
{
    public const string Name = "google-acknowledge-sweep";

    protected override string JobName => Name;
    protected override TimeSpan Interval => options.Value.AcknowledgeSweepInterval;

    // One batch is a whole sweep (every pending purchase of the last three days).
    protected override int BatchSize => int.MaxValue;

    protected override Task<int> RunBatchAsync(IServiceProvider services, int batchSize, CancellationToken cancellationToken) =>
        services.GetRequiredService<GooglePlayStore>().AcknowledgePendingAsync(cancellationToken);
}
