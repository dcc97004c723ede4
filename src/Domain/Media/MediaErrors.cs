using LearningPlatform.Domain.Common;

namespace LearningPlatform.Domain.Media;

public static class MediaErrors
{
    public static DomainException NotFound() =>
        new("media.not_found", "The media upload does not exist.", DomainErrorKind.NotFound);

    public static DomainException UnsupportedType(string? contentType) =>
        new("media.unsupported_type",
            $"'{contentType}' cannot be uploaded; allowed: {string.Join(", ", MediaType.All.Select(t => t.ContentType))}.",
            DomainErrorKind.Invalid);

    public static DomainException InvalidSize(long size, long maxBytes) =>
        new("media.invalid_size", $"The declared size {size} is not within 1..{maxBytes} bytes for this type.", DomainErrorKind.Invalid);

    public static DomainException NotUploaded() =>
        new("media.not_uploaded", "Nothing has been uploaded to this upload's URL yet; upload the file, then complete.", DomainErrorKind.Conflict);

    public static DomainException NotPending(MediaUploadStatus status) =>
        new("media.not_pending", $"The upload is {status.ToUpperSnake()}; only a PENDING upload can change.", DomainErrorKind.Conflict);

    public static DomainException NotExpired() =>
        new("media.not_expired", "The upload's URL has not expired (with the grace period) yet.", DomainErrorKind.Conflict);

    /// <summary>A lesson names a media key that no COMPLETED upload of that content type produced.</summary>
    public static DomainException NotCompletedKey(string key, string? contentType) =>
        new("media.not_completed", $"No completed upload of {contentType} is at '{key}': upload it (POST /admin/media/uploads, then complete) " +
            "and use the mediaKey the completed upload shows.", DomainErrorKind.Unprocessable);

    public static DomainException NotCompleted(MediaUploadStatus status) =>
        new("media.not_completed", $"The upload is {status.ToUpperSnake()}, not COMPLETED: only a completed upload can be used.",
            DomainErrorKind.Unprocessable);

    /// <summary>The stable code of each way a completion fails.</summary>
    public static string CodeOf(MediaFailure failure) => failure switch
    {
        MediaFailure.TooLarge => "media.too_large",
        MediaFailure.SizeMismatch => "media.size_mismatch",
        MediaFailure.TypeMismatch => "media.type_mismatch",
        _ => "media.content_mismatch",
    };

    /// <summary>The error a failed completion answers with (422): the object was deleted and the upload is FAILED.</summary>
    public static DomainException Of(MediaFailure failure, long declaredSize, long size, string declaredType, string? storedType) =>
        new(CodeOf(failure), failure switch
        {
            MediaFailure.TooLarge => $"The uploaded object has {size} bytes, more than the {declaredSize} declared; it was deleted.",
            MediaFailure.SizeMismatch => $"The uploaded object has {size} bytes, not the {declaredSize} declared; it was deleted.",
            MediaFailure.TypeMismatch => $"The uploaded object is stored as '{storedType}', not the '{declaredType}' declared; it was deleted.",
            _ => $"The uploaded bytes are not a {declaredType} file (its magic number is missing); it was deleted.",
        }, DomainErrorKind.Unprocessable);
}
