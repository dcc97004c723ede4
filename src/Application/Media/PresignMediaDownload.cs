using LearningPlatform.Application.Common;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Application.Media;

/// <summary>A URL a phone reads media from, without credentials, until <see cref="ExpiresAt"/>.</summary>
public sealed record MediaDownload(Uri Url, string ContentType, DateTimeOffset ExpiresAt);

/// <summary>
/// A short-lived presigned GET URL (<c>Media:DownloadUrlLifetime</c>) for an object key, served with the given content
/// type. Signed locally: no call to the store.
/// </summary>
public sealed class PresignMediaDownload(IObjectStorage storage, IOptions<MediaOptions> options)
{
    public async Task<MediaDownload> HandleAsync(string key, string contentType, CancellationToken cancellationToken)
    {
        var presigned = await storage.PresignGetAsync(key, options.Value.DownloadUrlLifetime, contentType, cancellationToken: cancellationToken);
        return new MediaDownload(presigned.Url, contentType, presigned.ExpiresAt);
    }

    public Task<MediaDownload> HandleAsync(CompletedMedia media, CancellationToken cancellationToken) =>
        HandleAsync(media.Key, media.ContentType, cancellationToken);
}
