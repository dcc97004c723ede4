namespace LearningPlatform.Application.Common;

/// <summary>What is known of a stored object without reading it (a HEAD).</summary>
public sealed record StoredObject(long Size, string? ContentType);

/// <summary>
/// A request the client makes itself, straight to the object store: <see cref="Method"/> on <see cref="Url"/> with exactly
/// these <see cref="Headers"/> (they are part of the signature), until <see cref="ExpiresAt"/>.
/// </summary>
public sealed record PresignedRequest(Uri Url, string Method, IReadOnlyDictionary<string, string> Headers, DateTimeOffset ExpiresAt);

/// <summary>
/// The bucket of media and exports (S3, MinIO, s3rver). Keys are relative to the configured bucket. Presigning needs no
/// call to the store; the other methods are one call each (a multipart upload several), bounded by the adapter's
/// timeout; an unreachable store surfaces as a transient failure (503).
/// </summary>
public interface IObjectStorage
{
    /// <summary>
    /// A URL that reads <paramref name="key"/> for <paramref name="expiresIn"/> without credentials, answering with
    /// <paramref name="responseContentType"/> as its Content-Type when given (whatever the object was stored with), and
    /// with <c>Content-Disposition: attachment; filename="…"</c> when <paramref name="attachmentFileName"/> is given.
    /// </summary>
    Task<PresignedRequest> PresignGetAsync(
        string key, TimeSpan expiresIn, string? responseContentType = null, string? attachmentFileName = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// A PUT URL that writes <paramref name="key"/> for <paramref name="expiresIn"/>, signed for exactly
    /// <paramref name="contentType"/> and <paramref name="contentLength"/> bytes (stores that check signatures refuse a
    /// request with another Content-Type or Content-Length; check the stored object afterwards all the same).
    /// </summary>
    Task<PresignedRequest> PresignPutAsync(string key, string contentType, long contentLength, TimeSpan expiresIn, CancellationToken cancellationToken = default);

    /// <summary>The object's size and content type, or null when there is no such object.</summary>
    Task<StoredObject?> HeadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Up to the first <paramref name="count"/> bytes of the object (a ranged GET); fewer when it is shorter.</summary>
    Task<byte[]> ReadPrefixAsync(string key, int count, CancellationToken cancellationToken = default);

    /// <summary>Copies the object to another key in the same bucket, on the store's side (content type kept).</summary>
    Task CopyAsync(string sourceKey, string destinationKey, CancellationToken cancellationToken = default);

    /// <summary>Deletes the object; deleting a missing object is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores what <paramref name="write"/> writes to the stream it is given as <paramref name="key"/>, streaming: the
    /// bytes go up in parts (a multipart upload) while they are written, so only about two parts are ever held in memory,
    /// however large the object. The object appears only when <paramref name="write"/> returns; if it throws or is
    /// cancelled, nothing is stored (the parts are aborted). Returns the number of bytes stored.
    /// </summary>
    Task<long> UploadAsync(string key, string contentType, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default);
}
