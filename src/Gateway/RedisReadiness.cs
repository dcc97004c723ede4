using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace LearningPlatform.Gateway;

/// <summary>
/// The gateway is ready when its Redis answers (rate limits and the introspection cache live there). The upstreams are
/// not part of it: each has its own readiness behind the gateway, and one service's outage must not take the gateway,
/// and with it every other route, out of the load balancer.
/// </summary>
internal sealed class RedisReadiness(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await redis.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(1), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"Redis does not answer ({ex.GetType().Name}).");
        }
    }
}
