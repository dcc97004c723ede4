using LearningPlatform.Domain.Common;

namespace LearningPlatform.Domain.Media;

/// <summary><c>PENDING → COMPLETED | FAILED | EXPIRED</c>; the last three are final.</summary>
public enum MediaUploadStatus
{
    Pending,
    Completed,
    Failed,
    Expired,
}

/// <summary>Why a completion was refused.</summary>
public enum MediaFailure
{
    /// <summary>More bytes than declared.</summary>
    TooLarge,
    /// <summary>Fewer bytes than declared.</summary>
    SizeMismatch,
    /// <summary>Stored with another content type than declared.</summary>
    TypeMismatch,
    /// <summary>The first bytes are not the declared type's magic number.</summary>
    ContentMismatch,
}

/// <summary>
/// One file an admin uploads straight to object storage: declared (content type from the allow-list, size within the
/// type's limit), uploaded by the client to a presigned URL bound to <see cref="UploadKey"/>, then completed once the
/// stored object is checked against the declaration. Only a COMPLETED upload may be used (by a lesson); its object
/// then lives at <see cref="MediaKey"/>. Every other move is refused.
/// </summary>
public sealed class MediaUpload
{
    public const string UploadPrefix = "uploads/";
    public const string MediaPrefix = "media/";
    public const int MaxFileNameLength = 255;

    private MediaUpload()
    {
        ContentType = string.Empty;
        UploadKey = string.Empty;
    }

    public Guid Id { get; private set; }
    public string ContentType { get; private set; }
    public long Size { get; private set; }
    /// <summary>The name the admin's file had, for display only; never part of a key.</summary>
    public string? FileName { get; private set; }
    /// <summary>Where the client uploads (under <c>uploads/</c>, which the bucket's lifecycle rule expires).</summary>
    public string UploadKey { get; private set; }
    /// <summary>Where the accepted object lives once COMPLETED (under <c>media/</c>); null before.</summary>
    public string? MediaKey { get; private set; }
    public MediaUploadStatus Status { get; private set; }
    public MediaFailure? Failure { get; private set; }
    public Guid RequestedBy { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>When the upload URL stops working.</summary>
    public DateTimeOffset ExpiresAt { get; private set; }
    /// <summary>When it became COMPLETED, FAILED or EXPIRED.</summary>
    public DateTimeOffset? FinishedAt { get; private set; }
    public uint Version { get; private set; }

    public MediaType Type => MediaType.Find(ContentType) ?? throw new InvalidOperationException($"Unknown stored content type {ContentType}.");

    /// <summary>Where the object of this upload lives once accepted: deterministic, so cleanup can find it without the row.</summary>
    public static string MediaKeyOf(Guid id, MediaType type) => $"{MediaPrefix}{id:N}{type.Extension}";

    /// <summary>
    /// A new PENDING upload of <paramref name="size"/> bytes of <paramref name="contentType"/> (allow-list and
    /// <paramref name="maxBytes"/>, the type's limit, checked here too), whose URL works until <paramref name="expiresAt"/>.
    /// </summary>
    public static MediaUpload Request(
        string contentType, long size, string? fileName, long maxBytes, Guid requestedBy, DateTimeOffset now, DateTimeOffset expiresAt)
    {
        var type = MediaType.Find(contentType) ?? throw MediaErrors.UnsupportedType(contentType);
        if (size < 1 || size > maxBytes)
        {
            throw MediaErrors.InvalidSize(size, maxBytes);
        }

        if (expiresAt <= now)
        {
            throw new ArgumentOutOfRangeException(nameof(expiresAt), "An upload URL must expire after it is made.");
        }

        var id = Guid.CreateVersion7(now);
        return new MediaUpload
        {
            Id = id,
            ContentType = type.ContentType,
            Size = size,
            FileName = string.IsNullOrWhiteSpace(fileName) ? null : fileName.Trim(),
            UploadKey = $"{UploadPrefix}{now:yyyy/MM/dd}/{id:N}{type.Extension}",
            Status = MediaUploadStatus.Pending,
            RequestedBy = requestedBy,
            CreatedAt = now,
            ExpiresAt = expiresAt,
        };
    }

    /// <summary>
    /// Checks the stored object (its size, content type and first bytes) against the declaration: the reason it does not
    /// fit, or null when it does. Read-only; <see cref="Complete"/> or <see cref="Fail"/> records the outcome.
    /// </summary>
    public MediaFailure? Inspect(long storedSize, string? storedContentType, ReadOnlyMemory<byte> head)
    {
        EnsurePending();
        if (storedSize > Size)
        {
            return MediaFailure.TooLarge;
        }

        if (storedSize != Size)
        {
            return MediaFailure.SizeMismatch;
        }

        if (!string.Equals(MediaTypeOnly(storedContentType), ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return MediaFailure.TypeMismatch;
        }

        return Type.Matches(head) ? null : MediaFailure.ContentMismatch;
    }

    /// <summary>PENDING → COMPLETED: the object was checked and now lives at <see cref="MediaKeyOf"/>.</summary>
    public void Complete(DateTimeOffset now)
    {
        EnsurePending();
        Status = MediaUploadStatus.Completed;
        MediaKey = MediaKeyOf(Id, Type);
        FinishedAt = now;
    }

    /// <summary>PENDING → FAILED for <paramref name="failure"/> (the object is deleted by the caller).</summary>
    public void Fail(MediaFailure failure, DateTimeOffset now)
    {
        EnsurePending();
        Status = MediaUploadStatus.Failed;
        Failure = failure;
        FinishedAt = now;
    }

    /// <summary>Whether the upload is still PENDING after its URL's expiry plus <paramref name="grace"/>.</summary>
    public bool IsStale(DateTimeOffset now, TimeSpan grace) => Status == MediaUploadStatus.Pending && now >= ExpiresAt + grace;

    /// <summary>PENDING → EXPIRED, once the URL expired more than <paramref name="grace"/> ago and it was never completed.</summary>
    public void Expire(DateTimeOffset now, TimeSpan grace)
    {
        EnsurePending();
        if (!IsStale(now, grace))
        {
            throw MediaErrors.NotExpired();
        }

        Status = MediaUploadStatus.Expired;
        FinishedAt = now;
    }

    private void EnsurePending()
    {
        if (Status != MediaUploadStatus.Pending)
        {
            throw MediaErrors.NotPending(Status);
        }
    }

    /// <summary><c>image/png; charset=binary</c> → <c>image/png</c>.</summary>
    private static string? MediaTypeOnly(string? contentType) =>
        contentType is null ? null : contentType.Split(';', 2)[0].Trim();
}
