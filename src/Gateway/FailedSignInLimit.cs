using System.Globalization;
using System.Threading.RateLimiting;
using LearningPlatform.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LearningPlatform.Gateway;

/// <summary>
/// Limits refused password grants (and refused login-page forms, <see cref="LoginPath"/>) per client address, not sign-ins: a classroom behind one address signs in freely,
/// while an address that keeps guessing passwords (whatever the accounts) gets 429 for its password grants until
/// enough of the window has passed. The gateway reads the grant type from the form before forwarding, and counts a
/// 400/401 answer of the token server to a password grant as one failure (<c>lp:rl:signin-failures:ip:{address}</c>,
/// GCRA like the other limits). Other grants (refresh, client credentials) are neither counted nor refused, so
/// signed-in devices behind a blocked address stay signed in. Per account, the token server's lockout applies.
/// When Redis does not answer in time, failures are counted per instance instead (decision 18).
/// </summary>
internal sealed class FailedSignInLimit(
    RequestDelegate next, RedisRateLimiter limiter, IOptions<RateLimitOptions> options, GatewayMetrics metrics, ILogger<FailedSignInLimit> logger)
{
    public const string PolicyName = "signin-failures";

    // The token endpoint's forms are small (the token server accepts 16 KB); the gateway buffers at most this much.
    private const int MaxFormBytes = 64 * 1024;

    private readonly Lazy<PartitionedRateLimiter<string>> _fallback = new(() => PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = options.Value.SignInFailures.Limit,
            Window = TimeSpan.FromSeconds(options.Value.SignInFailures.WindowSeconds),
            SegmentsPerWindow = 10,
            QueueLimit = 0,
        })));

    /// <summary>
    /// The token server's login page (the admin app's code flow): a posted form is a password attempt like a password
    /// grant, and counts as a failure unless it signs in (the page answers a sign-in with a redirect, a refusal with
    /// the form again).
    /// </summary>
    public const string LoginPath = "/api/auth/account/login";

    public async Task InvokeAsync(HttpContext http)
    {
        var policy = options.Value.SignInFailures;
        var isLogin = http.Request.Path.Equals(LoginPath, StringComparison.OrdinalIgnoreCase);
        if (!HttpMethods.IsPost(http.Request.Method) ||
            !(isLogin || http.Request.Path.Equals(policy.PathPrefix, StringComparison.OrdinalIgnoreCase)) ||
            !http.Request.HasFormContentType)
        {
            await next(http);
            return;
        }

        if (http.Request.ContentLength > MaxFormBytes)
        {
            await TooLargeAsync(http);
            return;
        }

        bool isPassword;
        try
        {
            isPassword = isLogin || await IsPasswordGrantAsync(http);
        }
        catch (BadHttpRequestException ex)
        {
            // A body Kestrel could not read (e.g. broken chunked framing); nothing to forward.
            await Problems.Result(ex.StatusCode, ProblemDetailsSetup.CodeOf(ex.StatusCode), "The request body could not be read.").ExecuteAsync(http);
            return;
        }
        catch (IOException) when (!http.RequestAborted.IsCancellationRequested)
        {
            await TooLargeAsync(http);
            return;
        }

        if (!isPassword)
        {
            await next(http);
            return;
        }

        var partition = RateLimitMiddleware.IpPartition(http);
        var decision = await PeekAsync(policy, partition);
        if (!decision.Allowed)
        {
            metrics.RateLimited(PolicyName);
            var retryAfter = RateLimitMiddleware.Seconds(decision.RetryAfter);
            logger.LogWarning("Password attempts from {Partition} refused after too many failed sign-ins; retry in {RetryAfter} s", partition, retryAfter);
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers["RateLimit-Policy"] = $"\"{PolicyName}\";q={policy.Limit};w={policy.WindowSeconds}";
            http.Response.Headers["RateLimit"] = $"\"{PolicyName}\";r=0;t={retryAfter}";
            await Problems.Result(StatusCodes.Status429TooManyRequests, "rate_limit.exceeded",
                $"Too many failed sign-ins from this address; retry in {retryAfter} s.").ExecuteAsync(http);
            return;
        }

        await next(http);
        if (isLogin ? http.Response.StatusCode != StatusCodes.Status302Found
                    : http.Response.StatusCode is StatusCodes.Status400BadRequest or StatusCodes.Status401Unauthorized)
        {
            await AddFailureAsync(policy, partition);
        }
    }

    /// <summary>
    /// Buffers the form so the proxy still forwards it, and says whether it asks for a password grant (any
    /// <c>grant_type</c> value, so a repeated parameter cannot hide one). A body over the buffer limit throws an
    /// <see cref="IOException"/>. A form that cannot be parsed is forwarded uncounted: the token server cannot read a
    /// password from it either.
    /// </summary>
    private static async Task<bool> IsPasswordGrantAsync(HttpContext http)
    {
        http.Request.EnableBuffering(bufferThreshold: MaxFormBytes, bufferLimit: MaxFormBytes);
        try
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            return form["grant_type"].Contains("password");
        }
        catch (InvalidDataException)
        {
            return false;
        }
        finally
        {
            if (http.Request.Body.CanSeek)
            {
                http.Request.Body.Position = 0;
            }
        }
    }

    private static Task TooLargeAsync(HttpContext http) =>
        Problems.Result(StatusCodes.Status413PayloadTooLarge, "request.too_large",
            $"A token request is at most {MaxFormBytes} bytes.").ExecuteAsync(http);

    private async Task<RateLimitDecision> PeekAsync(RateLimitPolicy policy, string partition)
    {
        try
        {
            return await limiter.PeekAsync(PolicyName, policy, partition).WaitAsync(RedisTimeout);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("Redis rate limiter unavailable ({Error}); counting failed sign-ins per instance", ex.GetType().Name);
            var free = _fallback.Value.GetStatistics(partition)?.CurrentAvailablePermits ?? policy.Limit;
            var segment = TimeSpan.FromSeconds((double)policy.WindowSeconds / 10);
            return new RateLimitDecision(free > 0, (int)free, free > 0 ? TimeSpan.Zero : segment, segment);
        }
    }

    private async Task AddFailureAsync(RateLimitPolicy policy, string partition)
    {
        try
        {
            await limiter.AddAsync(PolicyName, policy, partition).WaitAsync(RedisTimeout);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("Redis rate limiter unavailable ({Error}); failed sign-in counted per instance", ex.GetType().Name);
            using var lease = _fallback.Value.AttemptAcquire(partition);
        }
    }

    private TimeSpan RedisTimeout => TimeSpan.FromMilliseconds(options.Value.RedisTimeoutMs);
}
