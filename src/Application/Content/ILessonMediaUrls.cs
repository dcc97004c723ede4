namespace LearningPlatform.Application.Content;

/// <summary>A short-lived URL a phone downloads a lesson's media from.</summary>
public sealed record MediaUrl(Uri Url, DateTimeOffset ExpiresAt);

/// <summary>Presigned media URLs for lessons (the S3 adapter signs them locally; a phone downloads straight from the store).</summary>
public interface ILessonMediaUrls
{
    /// <summary>A GET URL for the object <paramref name="key"/>, served as <paramref name="contentType"/> (null when none can be made).</summary>
    Task<MediaUrl?> GetReadUrlAsync(string key, string contentType, CancellationToken cancellationToken);
}
