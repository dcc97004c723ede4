using LearningPlatform.Application.Content;
using LearningPlatform.Application.Media;

namespace LearningPlatform.Infrastructure.Storage;

/// <summary>A lesson's media as a short-lived presigned GET URL (<c>Media:DownloadUrlLifetime</c>), signed locally.</summary>
internal sealed class PresignedLessonMediaUrls(PresignMediaDownload presign) : ILessonMediaUrls
{
    public async Task<MediaUrl?> GetReadUrlAsync(string key, string contentType, CancellationToken cancellationToken)
    {
        var download = await presign.HandleAsync(key, contentType, cancellationToken);
        return new MediaUrl(download.Url, download.ExpiresAt);
    }
}
