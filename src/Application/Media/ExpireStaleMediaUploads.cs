using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Media;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Application.Media;

/// <summary>
/// The cleanup of uploads never completed: PENDING uploads whose URL expired more than <c>Media:CleanupGrace</c> ago
/// become EXPIRED and their objects (if the client uploaded any) are deleted. The rows stay locked while their objects
/// are deleted, so several instances never work on the same upload; a failed delete rolls the batch back for the next round.
/// </summary>
public sealed class ExpireStaleMediaUploads(
    ILearningDb db, IStaleMediaUploads stale, IObjectStorage storage, IOptions<MediaOptions> options, TimeProvider clock,
    ILogger<ExpireStaleMediaUploads> logger)
{
    /// <summary>Expires up to <paramref name="batchSize"/> stale uploads; returns how many.</summary>
    public async Task<int> HandleAsync(int batchSize, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var grace = options.Value.CleanupGrace;
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        var uploads = await stale.LockAsync(now - grace, batchSize, cancellationToken);
        if (uploads.Count == 0)
        {
            return 0;
        }

        foreach (var upload in uploads)
        {
            await storage.DeleteAsync(upload.UploadKey, cancellationToken);
            // Only there if a completion copied it and then failed to save.
            await storage.DeleteAsync(MediaUpload.MediaKeyOf(upload.Id, upload.Type), cancellationToken);
            upload.Expire(now, grace);
        }

        await db.SaveChangesAsync(cancellationToken);
        await db.CommitAsync(cancellationToken);
        logger.LogInformation("Media cleanup expired {Count} uploads never completed", uploads.Count);
        return uploads.Count;
    }
}
