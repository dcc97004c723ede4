using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Audit;
using LearningPlatform.Domain.Media;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Application.Media;

/// <summary>
/// Step three of an upload, after the client's PUT: the stored object is checked against the declaration (HEAD: it
/// exists, its size and content type; a ranged GET: its magic number). A good object is moved to its <c>media/</c> key
/// and the upload is COMPLETED; any mismatch deletes the object, makes the upload FAILED and answers 422 with the reason's
/// code. Nothing uploaded yet is 409 <c>media.not_uploaded</c> (the upload stays PENDING: upload, then complete again).
/// Completing a COMPLETED upload again answers it as it is.
/// </summary>
public sealed class CompleteMediaUpload(ILearningDb db, IObjectStorage storage, TimeProvider clock, ILogger<CompleteMediaUpload> logger)
{
    public async Task<MediaUploadDto> HandleAsync(Guid uploadId, Guid adminId, CancellationToken cancellationToken)
    {
        var upload = await db.MediaUploads.SingleOrDefaultAsync(u => u.Id == uploadId, cancellationToken) ?? throw MediaErrors.NotFound();
        if (upload.Status == MediaUploadStatus.Completed)
        {
            return MediaUploadDto.Of(upload);
        }

        if (upload.Status != MediaUploadStatus.Pending)
        {
            throw MediaErrors.NotPending(upload.Status);
        }

        var stored = await storage.HeadAsync(upload.UploadKey, cancellationToken) ?? throw MediaErrors.NotUploaded();
        var head = stored.Size > 0 ? await storage.ReadPrefixAsync(upload.UploadKey, MediaType.MaxHeaderLength, cancellationToken) : [];
        var now = clock.GetUtcNow();
        if (upload.Inspect(stored.Size, stored.ContentType, head) is { } failure)
        {
            await storage.DeleteAsync(upload.UploadKey, cancellationToken);
            upload.Fail(failure, now);
            db.Record(adminId, "failed", AuditEntity.MediaUpload, upload.Id, now,
                new { code = MediaErrors.CodeOf(failure), storedSize = stored.Size, storedContentType = stored.ContentType });
            await db.SaveChangesAsync(cancellationToken);
            throw MediaErrors.Of(failure, upload.Size, stored.Size, upload.ContentType, stored.ContentType);
        }

        upload.Complete(now);
        await storage.CopyAsync(upload.UploadKey, upload.MediaKey!, cancellationToken);
        db.Record(adminId, "completed", AuditEntity.MediaUpload, upload.Id, now, new { upload.MediaKey, upload.Size, upload.ContentType });
        await db.SaveChangesAsync(cancellationToken);
        await RemoveUploadedCopyAsync(upload.UploadKey, cancellationToken);
        return MediaUploadDto.Of(upload);
    }

    /// <summary>The object under <c>uploads/</c> is no longer needed; if it stays, the bucket's lifecycle rule expires it.</summary>
    private async Task RemoveUploadedCopyAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await storage.DeleteAsync(key, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Completed upload's original {Key} was not deleted ({Error}); the bucket's lifecycle rule will", key, e.Message);
        }
    }
}
