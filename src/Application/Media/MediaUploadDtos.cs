using FluentValidation;
using LearningPlatform.Domain.Media;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Application.Media;

/// <summary>
/// A file an admin is about to upload: its <c>contentType</c> (video/mp4, application/pdf, image/png, image/jpeg,
/// image/webp), its exact <c>size</c> in bytes (within the type's limit), and optionally its <c>fileName</c> (shown only).
/// </summary>
public sealed record MediaUploadRequest(string? ContentType, long? Size, string? FileName);

/// <summary>
/// Where to upload: send <c>method</c> to <c>uploadUrl</c> with exactly <c>headers</c> and the file's bytes as the body,
/// before <c>expiresAt</c>; then complete the upload. <c>key</c> is where the bytes land.
/// </summary>
public sealed record MediaUploadTicket(
    Guid Id, string Key, Uri UploadUrl, string Method, IReadOnlyDictionary<string, string> Headers, DateTimeOffset ExpiresAt);

/// <summary>
/// An upload as admins see it: PENDING (waiting for the bytes and the completion), COMPLETED (checked; the object is at
/// <c>mediaKey</c>, usable by lessons), FAILED (<c>failureCode</c> says why; the object was deleted) or EXPIRED (never
/// completed; cleaned up).
/// </summary>
public sealed record MediaUploadDto(
    Guid Id,
    MediaUploadStatus Status,
    string ContentType,
    long Size,
    string? FileName,
    string Key,
    string? MediaKey,
    string? FailureCode,
    Guid RequestedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? FinishedAt)
{
    public static MediaUploadDto Of(MediaUpload upload) => new(
        upload.Id, upload.Status, upload.ContentType, upload.Size, upload.FileName, upload.UploadKey, upload.MediaKey,
        upload.Failure is { } failure ? MediaErrors.CodeOf(failure) : null, upload.RequestedBy, upload.CreatedAt, upload.ExpiresAt,
        upload.FinishedAt);
}

internal sealed class MediaUploadRequestValidator : AbstractValidator<MediaUploadRequest>
{
    public MediaUploadRequestValidator(IOptions<MediaOptions> options)
    {
        var limits = options.Value;
        RuleFor(r => r.ContentType).NotEmpty()
            .Must(type => MediaType.Find(type) is not null)
            .WithMessage($"Must be one of {string.Join(", ", MediaType.All.Select(t => t.ContentType))}.");
        RuleFor(r => r.Size).NotNull().GreaterThan(0);
        RuleFor(r => r.Size)
            .Must((r, size) => size <= limits.MaxBytesOf(MediaType.Find(r.ContentType)!))
            .When(r => MediaType.Find(r.ContentType) is not null && r.Size > 0)
            .WithMessage(r => $"At most {limits.MaxBytesOf(MediaType.Find(r.ContentType)!)} bytes for {r.ContentType}.");
        RuleFor(r => r.FileName).MaximumLength(MediaUpload.MaxFileNameLength);
    }
}
