namespace LearningPlatform.Gateway;

public sealed class IntrospectionOptions
{
    public const string Section = "Gateway:Introspection";

    /// <summary>Off by default: JWTs are validated offline. On, a revoked token stops working within <see cref="CacheSeconds"/>.</summary>
    public bool Enabled { get; set; }

    /// <summary>The token server's introspection endpoint, an absolute http(s) URL (internal: the gateway never calls itself).</summary>
    public string Endpoint { get; set; } = string.Empty;
    public string ClientId { get; set; } = "learning-api";
    public string ClientSecret { get; set; } = string.Empty;

    /// <summary>
    /// How long an answer is kept (1..30 s, less when the token expires sooner), in this instance's memory and in Redis
    /// together: an instance that reads an answer from Redis keeps it only for what is left of its time.
    /// </summary>
    public int CacheSeconds { get; set; } = 30;

    /// <summary>How long one introspection call may take before it counts as the token server being away (503).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    public IntrospectionBreakerOptions CircuitBreaker { get; set; } = new();
}

/// <summary>
/// When at least <see cref="FailureRatio"/> of the introspection calls in <see cref="SamplingDuration"/> (and at
/// least <see cref="MinimumThroughput"/> of them) failed — no connection, no answer in time, or a 5xx — the gateway
/// stops calling for <see cref="BreakDuration"/> and answers 503 at once; then one call tries again.
/// </summary>
public sealed class IntrospectionBreakerOptions
{
    public double FailureRatio { get; set; } = 0.5;
    public int MinimumThroughput { get; set; } = 5;
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}
