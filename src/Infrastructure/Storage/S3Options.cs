using System.Net;

namespace LearningPlatform.Infrastructure.Storage;

/// <summary>
/// <c>S3</c>: the object store of media and exports. AWS S3 by region when <see cref="ServiceUrl"/> is empty; any
/// S3-compatible server (MinIO, the local s3rver) by its URL otherwise.
/// </summary>
public sealed class S3Options
{
    public const string Section = "S3";
    public const long MinPartSize = 5 * 1024 * 1024;

    /// <summary>An S3-compatible server's base URL (<c>http://127.0.0.1:54569</c>); empty means AWS S3 in <see cref="Region"/>.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The AWS region (and the signing region of an S3-compatible server).</summary>
    public string Region { get; set; } = "us-east-1";

    public string Bucket { get; set; } = "learning-media";

    /// <summary>With <see cref="SecretKey"/>: static credentials. Empty: the SDK's default chain (environment, profile, instance role).</summary>
    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>
    /// The one switch for servers that speak an older S3 (s3rver): path-style URLs, no <c>aws-chunked</c> uploads, and
    /// checksums only where an operation requires them. Unset: on exactly when <see cref="ServiceUrl"/> is a loopback address.
    /// </summary>
    public bool? LocalCompatibility { get; set; }

    /// <summary>Create <see cref="Bucket"/> at start-up when it is missing (local and test servers).</summary>
    public bool CreateBucket { get; set; }

    /// <summary>
    /// Origins of browser apps that PUT to presigned upload URLs (the admin app: the gateway's origin). With
    /// <see cref="CreateBucket"/>, the bucket's CORS rules are set to allow them at start-up; in production the bucket's
    /// owner sets the same rule.
    /// </summary>
    public string[] BrowserOrigins { get; set; } = [];

    /// <summary>How long a quick call (HEAD, ranged GET, DELETE, the readiness check) may take, the SDK's retries included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a call that moves data (a server-side copy, one part of an upload) may take.</summary>
    public TimeSpan TransferTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The part size of streamed uploads: about two parts are held in memory per upload. At least 5 MiB (S3's minimum).</summary>
    public long MultipartPartSize { get; set; } = 8 * 1024 * 1024;

    public bool UsesLocalCompatibility => LocalCompatibility ?? IsLoopback(ServiceUrl);

    private static bool IsLoopback(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.IsLoopback || IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
