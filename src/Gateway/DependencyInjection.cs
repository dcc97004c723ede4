using LearningPlatform.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Telemetry;
using Polly.Timeout;
using StackExchange.Redis;
using Yarp.ReverseProxy.Transforms;

namespace LearningPlatform.Gateway;

/// <summary>What the gateway is made of; each part binds and validates its own settings, so a bad one stops the host at start.</summary>
public static class DependencyInjection
{
    /// <summary>
    /// The shared Redis connection (rate limits, the introspection cache's L2, readiness). It never blocks start-up
    /// and fails fast while Redis is away; every caller bounds its calls (<c>Gateway:RateLimits:RedisTimeoutMs</c>) and
    /// has a fallback.
    /// </summary>
    public static IServiceCollection AddGatewayRedis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisOptions>().Bind(configuration.GetSection(RedisOptions.Section))
            .Validate(o => IsRedisConfiguration(o.Configuration),
                $"{RedisOptions.Section}:Configuration must be a StackExchange.Redis configuration string naming the server(s).")
            .Validate(o => o.TimeoutMs > 0, $"{RedisOptions.Section}:TimeoutMs must be positive.")
            .ValidateOnStart();
        services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var redis = sp.GetRequiredService<IOptions<RedisOptions>>().Value;
            var options = ConfigurationOptions.Parse(redis.Configuration);
            // As the LearningService's (Infrastructure/DependencyInjection.cs): never block start-up on Redis, and
            // fail fast while it is away.
            options.AbortOnConnectFail = false;
            options.ConnectTimeout = 2 * redis.TimeoutMs;
            options.AsyncTimeout = redis.TimeoutMs;
            options.SyncTimeout = redis.TimeoutMs;
            options.BacklogPolicy = BacklogPolicy.FailFast;
            return ConnectionMultiplexer.Connect(options);
        });
        services.AddHealthChecks().AddCheck<RedisReadiness>("redis", tags: ["ready"]);
        return services;
    }

    /// <summary>
    /// Per-user and per-address limits in Redis (GCRA, <c>lp:rl:{policy}:{caller}</c>) with a per-instance fallback, and
    /// the failed sign-in budget; the middleware are <see cref="RateLimitMiddleware"/> and <see cref="FailedSignInLimit"/>.
    /// </summary>
    public static IServiceCollection AddRedisRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidation>();
        services.AddSingleton<RedisRateLimiter>();
        services.AddSingleton<GatewayMetrics>();
        return services;
    }

    /// <summary>
    /// Optional introspection (<c>Gateway:Introspection</c>, decision 19): after the offline JWT checks, the token
    /// server says whether the token was revoked. Answers are cached in HybridCache — memory, then Redis under
    /// <c>lp:cache:</c> — with one call per token however many requests arrive at once. The HttpClient has a timeout
    /// and a circuit breaker (Polly), so a token server that is down or silent costs a request at most the timeout,
    /// and once the breaker opens nothing: 503 at once.
    /// </summary>
    public static IServiceCollection AddTokenIntrospection(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IntrospectionOptions>().Bind(configuration.GetSection(IntrospectionOptions.Section))
            .Validate(o => !o.Enabled || Uri.TryCreate(o.Endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https",
                $"{IntrospectionOptions.Section}:Endpoint must be an absolute http(s) URL when {IntrospectionOptions.Section}:Enabled is true.")
            .Validate(o => !o.Enabled || !string.IsNullOrWhiteSpace(o.ClientId) && !string.IsNullOrEmpty(o.ClientSecret),
                $"{IntrospectionOptions.Section}:ClientId and ClientSecret must be set when {IntrospectionOptions.Section}:Enabled is true.")
            .Validate(o => o.CacheSeconds is >= 1 and <= 30, $"{IntrospectionOptions.Section}:CacheSeconds must be 1..30.")
            .Validate(o => o.Timeout >= TimeSpan.FromMilliseconds(10) && o.Timeout <= TimeSpan.FromSeconds(30),
                $"{IntrospectionOptions.Section}:Timeout must be 00:00:00.010..00:00:30.")
            .Validate(o => o.CircuitBreaker.FailureRatio is > 0 and <= 1,
                $"{IntrospectionOptions.Section}:CircuitBreaker:FailureRatio must be more than 0 and at most 1.")
            .Validate(o => o.CircuitBreaker.MinimumThroughput >= 2,
                $"{IntrospectionOptions.Section}:CircuitBreaker:MinimumThroughput must be at least 2.")
            .Validate(o => o.CircuitBreaker.SamplingDuration >= TimeSpan.FromMilliseconds(500),
                $"{IntrospectionOptions.Section}:CircuitBreaker:SamplingDuration must be at least 00:00:00.500.")
            .Validate(o => o.CircuitBreaker.BreakDuration >= TimeSpan.FromMilliseconds(500),
                $"{IntrospectionOptions.Section}:CircuitBreaker:BreakDuration must be at least 00:00:00.500.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        // L1 in memory, L2 in Redis (lp:cache:*), each L2 call bounded and its failure a miss.
        services.AddOptions<RedisCacheOptions>().Configure<IConnectionMultiplexer, IOptions<RateLimitOptions>>((o, redis, keys) =>
        {
            o.ConnectionMultiplexerFactory = () => Task.FromResult(redis);
            o.InstanceName = keys.Value.KeyPrefix + "cache:";
        });
        services.AddSingleton<IDistributedCache>(sp => ActivatorUtilities.CreateInstance<BoundedRedisCache>(
            sp, new RedisCache(sp.GetRequiredService<IOptions<RedisCacheOptions>>())));
        services.AddHybridCache();

        // The resilience handler owns the time limit (the HttpClient's own would surface as a cancellation, not an outage).
        services.AddHttpClient<TokenIntrospector>(c => c.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("introspection", (pipeline, context) =>
            {
                var o = context.ServiceProvider.GetRequiredService<IOptions<IntrospectionOptions>>().Value;
                // Outermost first: the breaker sees each call's outcome, the timeout's included. No retry: a request waits
                // for one call at most, and while the breaker is open for none.
                pipeline.AddCircuitBreaker(new()
                {
                    FailureRatio = o.CircuitBreaker.FailureRatio,
                    MinimumThroughput = o.CircuitBreaker.MinimumThroughput,
                    SamplingDuration = o.CircuitBreaker.SamplingDuration,
                    BreakDuration = o.CircuitBreaker.BreakDuration,
                    // An outage, as decision 19 reads it: no connection, no answer in time, or a 5xx. A 4xx is an answer.
                    ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                        .Handle<HttpRequestException>()
                        .Handle<TimeoutRejectedException>()
                        .HandleResult(r => (int)r.StatusCode >= 500),
                });
                pipeline.AddTimeout(o.Timeout);
            });
        // Polly logs a timeout and an opening breaker as errors; here they are an outage of another service, logged
        // as warnings like every other outage (decision 40), with one warning per refused request from the events.
        services.AddOptions<TelemetryOptions>().Configure(o => o.SeverityProvider = args =>
            args.Event.EventName is "OnTimeout" or "OnCircuitOpened" ? ResilienceEventSeverity.Warning : args.Event.Severity);
        services.AddScoped<IntrospectionEvents>();
        services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o => o.EventsType = typeof(IntrospectionEvents));
        return services;
    }

    /// <summary>
    /// YARP from <c>ReverseProxy</c> (routes, clusters, timeouts), with the edge's transforms, the body limit
    /// (<c>Gateway:MaxRequestBodyBytes</c>, Kestrel's too) and the route policy <c>authenticated</c>.
    /// </summary>
    public static IServiceCollection AddGatewayProxy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection(GatewayOptions.Section))
            .Validate(o => o.MaxRequestBodyBytes > 0, $"{GatewayOptions.Section}:MaxRequestBodyBytes must be positive.")
            .ValidateOnStart();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<GatewayOptions>>(
            (kestrel, gateway) => kestrel.Limits.MaxRequestBodySize = gateway.Value.MaxRequestBodyBytes);
        services.AddAuthorizationBuilder().AddPolicy("authenticated", p => p.RequireAuthenticatedUser());
        services.AddReverseProxy()
            .LoadFromConfig(configuration.GetSection("ReverseProxy"))
            .AddTransforms(context =>
            {
                // The gateway is the edge: whatever X-Forwarded-* a client sent is replaced, never appended to.
                context.AddXForwarded(ForwardedTransformActions.Set);
                context.AddRequestTransform(t =>
                {
                    t.ProxyRequest.Headers.Remove(CorrelationId.Header);
                    t.ProxyRequest.Headers.TryAddWithoutValidation(CorrelationId.Header, t.HttpContext.Request.Headers[CorrelationId.Header].ToString());
                    return ValueTask.CompletedTask;
                });
            });
        return services;
    }

    private static bool IsRedisConfiguration(string? configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration))
        {
            return false;
        }

        try
        {
            return ConfigurationOptions.Parse(configuration).EndPoints.Count > 0;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

/// <summary>Every policy the limiter cannot express, each message naming its key.</summary>
internal sealed class RateLimitOptionsValidation : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var problems = options.Policies.Select(p => p.Value.Problem("Policies:" + p.Key))
            .Append(options.SignInFailures.Problem(nameof(options.SignInFailures)))
            .Append(string.IsNullOrEmpty(options.KeyPrefix) ? $"{RateLimitOptions.Section}:KeyPrefix must not be empty." : null)
            .Append(options.RedisTimeoutMs is < 1 or > 10_000 ? $"{RateLimitOptions.Section}:RedisTimeoutMs must be 1..10000." : null)
            .OfType<string>()
            .ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
