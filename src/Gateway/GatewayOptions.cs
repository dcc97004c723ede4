namespace LearningPlatform.Gateway;

/// <summary>The gateway's own limits (<c>Gateway:*</c>; introspection and rate limits have sections of their own).</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>
    /// Request bodies above this are refused with 413 <c>request.too_large</c>: declared ones before anything is
    /// forwarded, chunked ones by Kestrel as they pass the limit.
    /// </summary>
    public long MaxRequestBodyBytes { get; set; } = 1L << 20;
}

/// <summary>The gateway's Redis (<c>Redis:*</c>): rate limits, the introspection cache's L2, readiness.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>A StackExchange.Redis configuration string.</summary>
    public string Configuration { get; set; } = "127.0.0.1:56379";

    /// <summary>
    /// How long a Redis command may take (the same key as the LearningService's). Short here: the rate limits and the
    /// introspection cache bound their own calls tighter still and fall back when Redis is slow.
    /// </summary>
    public int TimeoutMs { get; set; } = 500;
}
