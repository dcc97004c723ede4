using LearningPlatform.Application.Jobs;
using LearningPlatform.Application.Media;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Infrastructure.BackgroundJobs;

/// <summary>
/// Runs <see cref="ExpireStaleMediaUploads"/> every <c>Media:CleanupInterval</c>. Safe with several instances: each
/// batch is row-locked with SKIP LOCKED, so two instances never expire (or delete the object of) the same upload.
/// </summary>
internal sealed class MediaUploadCleanup(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<MediaOptions> options, JobMonitor monitor, ILogger<MediaUploadCleanup> logger)
    : PeriodicBatchJob(scopes, clock, monitor, logger)
{
    public const string Name = "media-cleanup";

    protected override string JobName => Name;
    protected override TimeSpan Interval => options.Value.CleanupInterval;
    protected override int BatchSize => 100;

    protected override Task<int> RunBatchAsync(IServiceProvider services, int batchSize, CancellationToken cancellationToken) =>
        services.GetRequiredService<ExpireStaleMediaUploads>().HandleAsync(batchSize, cancellationToken);
}
