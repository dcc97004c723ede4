using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Media;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Media;

/// <summary>A completed upload as other features use it (a lesson's media): where its object is and what it is.</summary>
public sealed record CompletedMedia(Guid UploadId, string Key, string ContentType, long Size);

/// <summary>
/// For features that point at media (lessons): the upload must exist (404 <c>media.not_found</c>) and be COMPLETED
/// (422 <c>media.not_completed</c>), so nothing ever points at an unchecked or deleted object.
/// </summary>
public sealed class GetCompletedMedia(ILearningDb db)
{
    public async Task<CompletedMedia> HandleAsync(Guid uploadId, CancellationToken cancellationToken)
    {
        var upload = await db.MediaUploads.AsNoTracking()
            .Where(u => u.Id == uploadId)
            .Select(u => new { u.Status, u.MediaKey, u.ContentType, u.Size })
            .SingleOrDefaultAsync(cancellationToken) ?? throw MediaErrors.NotFound();
        return upload.Status == MediaUploadStatus.Completed
            ? new CompletedMedia(uploadId, upload.MediaKey!, upload.ContentType, upload.Size)
            : throw MediaErrors.NotCompleted(upload.Status);
    }
}
