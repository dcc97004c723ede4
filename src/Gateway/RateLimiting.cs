using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using LearningPlatform.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LearningPlatform.Gateway;

public sealed class RateLimitOptions
{
    public const string Section = "Gateway:RateLimits";

    public string KeyPrefix { get; set; } = "lp:";

    /// <summary>How long a Redis call may take before the local fallback answers instead.</summary>
    public int RedisTimeoutMs { get; set; } = 250;

    public Dictionary<string, RateLimitPolicy> Policies { get; set; } = [];

    /// <summary>
    /// Refused password grants per client address (<see cref="RateLimitPolicy.PathPrefix"/> is the token endpoint):
    /// once used up, further password grants from that address are refused until enough of the window has passed.
    /// </summary>
    public RateLimitPolicy SignInFailures { get; set; } = new() { PathPrefix = "/api/auth/connect/token", Limit = 30, WindowSeconds = 300, ByIp = true };
}

public sealed class RateLimitPolicy
{
    /// <summary>
    /// What is wrong with this policy (named <paramref name="key"/> under <c>Gateway:RateLimits</c>), or null: a policy
    /// the limiter cannot express is refused at start-up (GCRA needs at least 1 µs between requests).
    /// </summary>
    public string? Problem(string key)
    {
        if (WindowSeconds is < 1 or > 86_400 || Limit < 1 || Limit > WindowSeconds * 1_000_000L)
        {
            return $"{RateLimitOptions.Section}:{key}: Limit must be 1..{Math.Max(1, WindowSeconds) * 1_000_000L} and WindowSeconds 1..86400.";
        }

        return PathPrefix.StartsWith('/') ? null : $"{RateLimitOptions.Section}:{key}:PathPrefix must start with '/'.";
    }

    /// <summary>Path prefix the policy applies to; the longest matching prefix wins.</summary>
    public string PathPrefix { get; set; } = "/";
    public int Limit { get; set; } = 100;
    public int WindowSeconds { get; set; } = 60;
    /// <summary>Partition by the caller's IP even when a user is known (the token endpoint).</summary>
    public bool ByIp { get; set; }
}

public sealed record RateLimitDecision(bool Allowed, int Remaining, TimeSpan RetryAfter, TimeSpan Reset);

/// <summary>
/// GCRA (a leaky bucket that stores one "theoretical arrival time" per key) in one Lua script: atomic, so the limit
/// holds across every gateway instance, and timed by Redis's own clock, so instances need not agree on the time.
/// One key per policy and caller: <c>lp:rl:{policy}:{partition}</c>.
/// </summary>
internal sealed class RedisRateLimiter(IConnectionMultiplexer redis, IOptions<RateLimitOptions> options)
{
    // Times in microseconds (Redis TIME), so a limit of up to one per microsecond of window keeps an exact interval.
    // ARGV[3]: 'hit' takes a permit when one is free; 'peek' only says whether one is; 'add' takes one whatever
    // (counting something that already happened, such as a refused sign-in), never booking more than a window ahead.
    private const string Script = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local interval = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        local mode = ARGV[3]
        local tat = tonumber(redis.call('GET', KEYS[1]) or now)
        if tat < now then tat = now end
        local new_tat = tat + interval
        local allow_at = new_tat - window
        if mode == 'add' then
          if new_tat > now + window then new_tat = now + window end
          redis.call('SET', KEYS[1], new_tat, 'PX', math.ceil((new_tat - now) / 1000))
          return { 1, 0, new_tat - now }
        end
        if allow_at > now then
          return { 0, allow_at - now, tat - now }
        end
        if mode == 'peek' then
          return { 1, 0, tat - now }
        end
        redis.call('SET', KEYS[1], new_tat, 'PX', math.ceil((new_tat - now) / 1000))
        return { 1, 0, new_tat - now }
        """;

    /// <summary>Takes a permit if one is free.</summary>
    public Task<RateLimitDecision> HitAsync(string policyName, RateLimitPolicy policy, string partition) =>
        RunAsync("hit", policyName, policy, partition);

    /// <summary>Whether a permit is free, without taking it.</summary>
    public Task<RateLimitDecision> PeekAsync(string policyName, RateLimitPolicy policy, string partition) =>
        RunAsync("peek", policyName, policy, partition);

    /// <summary>Takes a permit even when none is free (at most a window's worth is ever booked).</summary>
    public Task<RateLimitDecision> AddAsync(string policyName, RateLimitPolicy policy, string partition) =>
        RunAsync("add", policyName, policy, partition);

    private async Task<RateLimitDecision> RunAsync(string mode, string policyName, RateLimitPolicy policy, string partition)
    {
        var window = policy.WindowSeconds * 1_000_000L;
        var interval = window / policy.Limit;
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(
            Script, [(RedisKey)$"{options.Value.KeyPrefix}rl:{policyName}:{partition}"], [interval, window, mode]))!;
        var allowed = (long)result[0] == 1;
        var busy = (long)result[2];
        var remaining = (int)Math.Max(0, (window - busy) / interval);
        return new RateLimitDecision(allowed, allowed ? remaining : 0,
            TimeSpan.FromMicroseconds((long)result[1]), TimeSpan.FromMicroseconds(busy));
    }
}

/// <summary>
/// Runs the policy of the request's path before it is proxied: 429 with <c>Retry-After</c> when the caller's
/// bucket is empty, and the IETF <c>RateLimit-Policy</c> / <c>RateLimit</c> headers on every answer.
/// When Redis does not answer in time the gateway keeps limiting with a per-instance sliding window (the same
/// numbers, per instance): a Redis outage never hangs a request, never fails it, and never removes the limit.
/// </summary>
internal sealed class RateLimitMiddleware(
    RequestDelegate next, RedisRateLimiter limiter, IOptions<RateLimitOptions> options, GatewayMetrics metrics, ILogger<RateLimitMiddleware> logger)
{
    private readonly ConcurrentDictionary<string, PartitionedRateLimiter<string>> _fallbacks = new();

    public async Task InvokeAsync(HttpContext http)
    {
        var match = Match(http.Request.Path);
        if (match is null)
        {
            await next(http);
            return;
        }

        var (name, policy) = match.Value;
        var partition = Partition(http, policy);
        var decision = await DecideAsync(name, policy, partition);

        http.Response.Headers["RateLimit-Policy"] = $"\"{name}\";q={policy.Limit};w={policy.WindowSeconds}";
        http.Response.Headers["RateLimit"] = $"\"{name}\";r={decision.Remaining};t={Seconds(decision.Allowed ? decision.Reset : decision.RetryAfter)}";
        if (decision.Allowed)
        {
            await next(http);
            return;
        }

        metrics.RateLimited(name);
        var retryAfter = Seconds(decision.RetryAfter);
        logger.LogInformation("Rate limit {Policy} reached for {Partition}; retry in {RetryAfter} s", name, partition, retryAfter);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await Problems.Result(429, "rate_limit.exceeded", $"Too many requests; retry in {retryAfter} s.").ExecuteAsync(http);
    }

    private async Task<RateLimitDecision> DecideAsync(string name, RateLimitPolicy policy, string partition)
    {
        try
        {
            return await limiter.HitAsync(name, policy, partition).WaitAsync(TimeSpan.FromMilliseconds(options.Value.RedisTimeoutMs));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("Redis rate limiter unavailable ({Error}); limiting {Policy} per instance", ex.GetType().Name, name);
            var fallback = _fallbacks.GetOrAdd(name, _ => PartitionedRateLimiter.Create<string, string>(key =>
                RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = policy.Limit,
                    Window = TimeSpan.FromSeconds(policy.WindowSeconds),
                    SegmentsPerWindow = 6,
                    QueueLimit = 0,
                })));
            using var lease = fallback.AttemptAcquire(partition);
            var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(policy.WindowSeconds);
            return new RateLimitDecision(lease.IsAcquired, lease.IsAcquired ? 1 : 0, retry, TimeSpan.FromSeconds(policy.WindowSeconds));
        }
    }

    private (string Name, RateLimitPolicy Policy)? Match(PathString path)
    {
        (string, RateLimitPolicy)? best = null;
        foreach (var (name, policy) in options.Value.Policies)
        {
            if (path.StartsWithSegments(policy.PathPrefix, StringComparison.OrdinalIgnoreCase) &&
                (best is null || policy.PathPrefix.Length > best.Value.Item2.PathPrefix.Length))
            {
                best = (name, policy);
            }
        }

        return best;
    }

    private static string Partition(HttpContext http, RateLimitPolicy policy)
    {
        var sub = http.User.FindFirstValue("sub");
        if (!policy.ByIp && http.User.Identity?.IsAuthenticated == true && !string.IsNullOrEmpty(sub))
        {
            return "sub:" + sub;
        }

        return IpPartition(http);
    }

    /// <summary>The connection's address only: X-Forwarded-For from outside is never trusted (no known proxies).</summary>
    internal static string IpPartition(HttpContext http) => "ip:" + (http.Connection.RemoteIpAddress ?? IPAddress.None);

    internal static int Seconds(TimeSpan span) => Math.Max(span > TimeSpan.Zero ? 1 : 0, (int)Math.Ceiling(span.TotalSeconds));
}
