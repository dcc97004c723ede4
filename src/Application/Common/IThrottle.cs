namespace LearningPlatform.Application.Common;

/// <summary>Counts calls per partition in a fixed window.</summary>
public interface IThrottle
{
    Task<ThrottleDecision> HitAsync(string policy, string partition, int limit, TimeSpan window, CancellationToken cancellationToken);
}

public sealed record ThrottleDecision(bool Allowed, TimeSpan RetryAfter);
