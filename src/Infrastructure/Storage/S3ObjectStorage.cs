using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using LearningPlatform.Application.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace LearningPlatform.Infrastructure.Storage;

/// <summary>
/// <see cref="IObjectStorage"/> on AWSSDK.S3. Every call is bounded by a Polly timeout (<c>S3:Timeout</c>, or
/// <c>S3:TransferTimeout</c> for copies and parts), which surfaces as a <see cref="TimeoutException"/> (503). With
/// <c>S3:LocalCompatibility</c> uploads are sent without <c>aws-chunked</c> framing, which s3rver would store as the bytes.
/// </summary>
internal sealed class S3ObjectStorage(IAmazonS3 s3, IOptions<S3Options> options, TimeProvider clock, ILogger<S3ObjectStorage> logger)
    : IObjectStorage
{
    private readonly S3Options _options = options.Value;
    private readonly ResiliencePipeline _quick = Bounded(options.Value.Timeout);
    private readonly ResiliencePipeline _transfer = Bounded(options.Value.TransferTimeout);

    private string Bucket => _options.Bucket;
    private bool ChunkEncoding => !_options.UsesLocalCompatibility;

    /// <summary>Presigned URLs name the scheme of the configured server (the SDK would default to https).</summary>
    private Protocol UrlProtocol =>
        _options.ServiceUrl is { Length: > 0 } url && url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? Protocol.HTTP : Protocol.HTTPS;

    public async Task<PresignedRequest> PresignGetAsync(
        string key, TimeSpan expiresIn, string? responseContentType, string? attachmentFileName, CancellationToken cancellationToken)
    {
        var request = new GetPreSignedUrlRequest
        {
            BucketName = Bucket, Key = key, Verb = HttpVerb.GET, Protocol = UrlProtocol, Expires = SdkExpiry(expiresIn),
        };
        if (responseContentType is not null)
        {
            request.ResponseHeaderOverrides.ContentType = responseContentType;
        }

        if (attachmentFileName is not null)
        {
            // Our own names (ids and a fixed prefix): nothing to escape.
            request.ResponseHeaderOverrides.ContentDisposition = $"attachment; filename=\"{attachmentFileName}\"";
        }

        var url = await s3.GetPreSignedURLAsync(request);
        return new PresignedRequest(new Uri(url), "GET", new Dictionary<string, string>(), clock.GetUtcNow() + expiresIn);
    }

    public async Task<PresignedRequest> PresignPutAsync(string key, string contentType, long contentLength, TimeSpan expiresIn, CancellationToken cancellationToken)
    {
        var request = new GetPreSignedUrlRequest
        {
            BucketName = Bucket, Key = key, Verb = HttpVerb.PUT, Protocol = UrlProtocol, Expires = SdkExpiry(expiresIn), ContentType = contentType,
        };
        // Both are signed headers (X-Amz-SignedHeaders=content-length;content-type;host): S3 and MinIO refuse a PUT of
        // another type or length. s3rver does not check signatures, so the completion checks the object again.
        request.Headers.ContentLength = contentLength;
        var url = await s3.GetPreSignedURLAsync(request);
        var headers = new Dictionary<string, string>
        {
            ["Content-Type"] = contentType,
            ["Content-Length"] = contentLength.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return new PresignedRequest(new Uri(url), "PUT", headers, clock.GetUtcNow() + expiresIn);
    }

    public async Task<StoredObject?> HeadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var head = await _quick.ExecuteAsync(
                async ct => await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = Bucket, Key = key }, ct), cancellationToken);
            return new StoredObject(head.ContentLength, head.Headers.ContentType);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (TimeoutRejectedException e)
        {
            throw TimedOut("HEAD", key, e);
        }
    }

    public async Task<byte[]> ReadPrefixAsync(string key, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        try
        {
            return await _quick.ExecuteAsync(async ct =>
            {
                using var response = await s3.GetObjectAsync(
                    new GetObjectRequest { BucketName = Bucket, Key = key, ByteRange = new ByteRange(0, count - 1) }, ct);
                var buffer = new byte[count];
                var read = await response.ResponseStream.ReadAtLeastAsync(buffer, count, throwOnEndOfStream: false, ct);
                return buffer[..read];
            }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            return []; // an empty object has no first byte to range over
        }
        catch (TimeoutRejectedException e)
        {
            throw TimedOut("GET", key, e);
        }
    }

    public async Task CopyAsync(string sourceKey, string destinationKey, CancellationToken cancellationToken)
    {
        if (_options.UsesLocalCompatibility)
        {
            // s3rver reads x-amz-copy-source with decodeURI, which leaves the SDK's %2F in place, and finds no such
            // bucket: copy through this process instead (streamed, so a large object is not held in memory).
            await CopyThroughAsync(sourceKey, destinationKey, cancellationToken);
            return;
        }

        try
        {
            await _transfer.ExecuteAsync(async ct => await s3.CopyObjectAsync(
                new CopyObjectRequest { SourceBucket = Bucket, SourceKey = sourceKey, DestinationBucket = Bucket, DestinationKey = destinationKey }, ct),
                cancellationToken);
        }
        catch (TimeoutRejectedException e)
        {
            throw TimedOut("COPY", sourceKey, e);
        }
    }

    private async Task CopyThroughAsync(string sourceKey, string destinationKey, CancellationToken cancellationToken)
    {
        using var source = await TransferAsync(sourceKey, ct => s3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = sourceKey }, ct),
            cancellationToken);
        await UploadAsync(destinationKey, source.Headers.ContentType ?? "application/octet-stream",
            (target, ct) => source.ResponseStream.CopyToAsync(target, ct), cancellationToken);
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await _quick.ExecuteAsync(async ct => await s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = key }, ct), cancellationToken);
        }
        catch (TimeoutRejectedException e)
        {
            throw TimedOut("DELETE", key, e);
        }
    }

    public async Task<long> UploadAsync(string key, string contentType, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        string? uploadId = null;
        var parts = new List<PartETag>();

        // Called by the stream with one part at a time (the next only once this one is up).
        async Task SendPartAsync(ArraySegment<byte> part, bool last, CancellationToken ct)
        {
            if (last && uploadId is null)
            {
                // Everything fits in one part: one PUT, no multipart upload to leave behind.
                await TransferAsync(key, c => s3.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = Bucket, Key = key, ContentType = contentType, InputStream = AsStream(part), UseChunkEncoding = ChunkEncoding,
                }, c), ct);
                return;
            }

            uploadId ??= (await TransferAsync(key, c => s3.InitiateMultipartUploadAsync(
                new InitiateMultipartUploadRequest { BucketName = Bucket, Key = key, ContentType = contentType }, c), ct)).UploadId;
            var number = parts.Count + 1;
            var uploaded = await TransferAsync(key, c => s3.UploadPartAsync(new UploadPartRequest
            {
                BucketName = Bucket, Key = key, UploadId = uploadId, PartNumber = number, PartSize = part.Count, IsLastPart = last,
                InputStream = AsStream(part), UseChunkEncoding = ChunkEncoding,
            }, c), ct);
            parts.Add(new PartETag(number, uploaded.ETag));
        }

        var stream = new PartBufferStream(checked((int)_options.MultipartPartSize), SendPartAsync);
        try
        {
            await write(stream, cancellationToken);
            await stream.FinishAsync(cancellationToken);
            if (uploadId is not null)
            {
                await TransferAsync(key, ct => s3.CompleteMultipartUploadAsync(
                    new CompleteMultipartUploadRequest { BucketName = Bucket, Key = key, UploadId = uploadId, PartETags = parts }, ct), cancellationToken);
            }

            return stream.Length;
        }
        catch (Exception e)
        {
            await stream.SettleAsync();
            if (uploadId is not null)
            {
                await AbortAsync(key, uploadId, e);
            }

            throw;
        }
    }

    private static MemoryStream AsStream(ArraySegment<byte> part) => new(part.Array!, part.Offset, part.Count, writable: false);

    private async Task AbortAsync(string key, string uploadId, Exception cause)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.Timeout);
            await s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = Bucket, Key = key, UploadId = uploadId }, timeout.Token);
        }
        catch (Exception e)
        {
            // s3rver has no abort (405); S3 and MinIO drop the parts by the bucket's lifecycle rule
            // (AbortIncompleteMultipartUpload) if this fails.
            logger.LogWarning("Upload of {Key} failed ({Cause}) and its parts could not be aborted: {Error}",
                key, cause.GetType().Name, e.Message);
        }
    }

    private async Task<T> TransferAsync<T>(string key, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await _transfer.ExecuteAsync(async ct => await call(ct), cancellationToken);
        }
        catch (TimeoutRejectedException e)
        {
            throw TimedOut("transfer", key, e);
        }
    }

    /// <summary>The SDK counts a URL's lifetime from its own clock (the real time), not from <see cref="TimeProvider"/>.</summary>
    private static DateTime SdkExpiry(TimeSpan expiresIn) =>
        expiresIn > TimeSpan.Zero && expiresIn <= TimeSpan.FromDays(7)
            ? DateTime.UtcNow + expiresIn
            : throw new ArgumentOutOfRangeException(nameof(expiresIn), "A presigned URL lives more than 0 and at most 7 days.");

    private TimeoutException TimedOut(string operation, string key, Exception inner) =>
        new($"S3 {operation} of {Bucket}/{key} did not finish in time.", inner);

    private static ResiliencePipeline Bounded(TimeSpan timeout) => new ResiliencePipelineBuilder().AddTimeout(timeout).Build();
}
