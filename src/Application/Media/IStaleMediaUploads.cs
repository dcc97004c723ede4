using LearningPlatform.Domain.Media;

namespace LearningPlatform.Application.Media;

/// <summary>The cleanup's claim: stale uploads, locked so that another instance's cleanup skips them.</summary>
public interface IStaleMediaUploads
{
    /// <summary>
    /// Up to <paramref name="batchSize"/> PENDING uploads whose URL expired at or before <paramref name="expiredBy"/>,
    /// tracked and row-locked (<c>FOR UPDATE SKIP LOCKED</c>) in the current transaction.
    /// </summary>
    Task<IReadOnlyList<MediaUpload>> LockAsync(DateTimeOffset expiredBy, int batchSize, CancellationToken cancellationToken);
}
