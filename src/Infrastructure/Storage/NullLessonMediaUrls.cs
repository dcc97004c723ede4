using LearningPlatform.Application.Content;

namespace LearningPlatform.Infrastructure.Storage;

/// <summary>
/// The media URL seam while no object storage is wired: no URL, so a lesson's <c>media</c> carries its key and content
/// type with <c>url</c> and <c>expiresAt</c> null. The S3 adapter (media uploads, issue 12) replaces this registration
/// with presigned GET URLs.
/// </summary>
internal sealed class NullLessonMediaUrls : ILessonMediaUrls
{
    public Task<MediaUrl?> GetReadUrlAsync(string key, string contentType, CancellationToken cancellationToken) => Task.FromResult<MediaUrl?>(null);
}
