using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Audit;
using LearningPlatform.Domain.Media;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Application.Media;

/// <summary>
/// Step one of an upload: records a PENDING upload and hands out a presigned PUT URL bound to its key, the declared
/// content type and the declared length. The bytes never pass through the API.
/// </summary>
public sealed class RequestMediaUpload(ILearningDb db, IObjectStorage storage, IOptions<MediaOptions> options, TimeProvider clock)
{
    public async Task<MediaUploadTicket> HandleAsync(MediaUploadRequest request, Guid adminId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var settings = options.Value;
        var type = MediaType.Find(request.ContentType) ?? throw MediaErrors.UnsupportedType(request.ContentType);
        var lifetime = settings.UploadUrlLifetime;
        var upload = MediaUpload.Request(type.ContentType, request.Size ?? 0, request.FileName, settings.MaxBytesOf(type), adminId, now, now + lifetime);
        var presigned = await storage.PresignPutAsync(upload.UploadKey, upload.ContentType, upload.Size, lifetime, cancellationToken);

        db.MediaUploads.Add(upload);
        db.Record(adminId, "requested", AuditEntity.MediaUpload, upload.Id, now,
            new { upload.ContentType, upload.Size, upload.FileName, key = upload.UploadKey });
        await db.SaveChangesAsync(cancellationToken);
        return new MediaUploadTicket(upload.Id, upload.UploadKey, presigned.Url, presigned.Method, presigned.Headers, upload.ExpiresAt);
    }
}
