namespace LearningPlatform.Application.Content;

/// <summary>A short-lived URL a phone downloads a lesson's media from.</summary>
public sealed record MediaUrl(Uri Url, DateTimeOffset ExpiresAt);

/// <summary>
/// The seam for presigned media URLs. Until the object storage adapter lands (the media upload work of issue 12), the
/// implementation gives none, and a lesson's <c>media</c> shows its key and content type with <c>url: null</c>.
/// </summary>
public interface ILessonMediaUrls
{
    /// <summary>A GET URL for the object <paramref name="key"/>, or null when no object storage is wired.</summary>
    Task<MediaUrl?> GetReadUrlAsync(string key, string contentType, CancellationToken cancellationToken);
}
