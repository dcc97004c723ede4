using System.Diagnostics.Metrics;

namespace LearningPlatform.Gateway;

/// <summary>
/// The gateway's own metrics, on the meter <c>LearningPlatform.Gateway</c> (free when nothing listens): requests refused
/// by a rate limit, tagged with the policy (<c>token</c>, <c>auth</c>, <c>app</c>, <c>admin</c>, <c>signin-failures</c>).
/// </summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "LearningPlatform.Gateway";

    private readonly Counter<long> _rateLimited;

    public GatewayMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _rateLimited = meter.CreateCounter<long>("lp.rate_limit.refusals", description: "Requests refused by a gateway rate limit (429), by policy.");
    }

    public void RateLimited(string policy) => _rateLimited.Add(1, new KeyValuePair<string, object?>("policy", policy));
}
