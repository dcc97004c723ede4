namespace LearningPlatform.Infrastructure.Redis;

public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c>.</summary>
    public string Configuration { get; set; } = "127.0.0.1:6379";

    /// <summary>Prefix of every key this service writes. Tests give each class its own.</summary>
    public string KeyPrefix { get; set; } = "lp:";

    /// <summary>How long a command may wait for Redis before the request fails (fail closed, 503).</summary>
    public int TimeoutMs { get; set; } = 2000;

    /// <summary>How long an Idempotency-Key record lives once its request finished.</summary>
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long an in-flight Idempotency-Key record lives if its request never finishes (process crash).</summary>
    public TimeSpan IdempotencyInFlightTtl { get; set; } = TimeSpan.FromSeconds(60);
}
