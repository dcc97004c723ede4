using LearningPlatform.Hosting;
using LearningPlatform.Infrastructure.Persistence;
using LearningPlatform.Infrastructure.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;
using LearningPlatform.WebApi.Infrastructure;

namespace LearningPlatform.WebApi;

public static class DependencyInjection
{
    /// <summary>The learner API's requests are a few hundred bytes; a coupon file is the largest body (64 KB).</summary>
    public const long MaxBodyBytes = 64 * 1024;

    /// <summary>
    /// What the HTTP side of the LearningService is made of: ProblemDetails with codes and the one exception handler,
    /// JSON as the API spells it, the per-learner throttles, readiness checks, the OpenAPI document.
    /// </summary>
    public static IServiceCollection AddWebApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCodedProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Unreadable bodies and parameters throw, so the exception handler answers them with a code.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        services.Configure<Microsoft.AspNetCore.Mvc.JsonOptions>(o => ApiJson.Configure(o.JsonSerializerOptions));
        services.AddOptions<ThrottleOptions>().Bind(configuration.GetSection(ThrottleOptions.Section))
            .Validate(o => o.Policies.Values.All(p => p.Limit > 0 && p.WindowSeconds > 0),
                $"{ThrottleOptions.Section}:Policies:*:Limit and WindowSeconds must be positive.")
            .ValidateOnStart();
        // Readiness: PostgreSQL must answer; Redis away only degrades the instance (reads fall back to PostgreSQL,
        // idempotent writes answer 503), so it reports Degraded, which still answers 200.
        services.AddHealthChecks()
            .AddDbContextCheck<LearningDbContext>("postgresql", tags: ["ready"])
            .AddRedis(sp => sp.GetRequiredService<IConnectionMultiplexer>(), "redis", HealthStatus.Degraded, ["ready"], TimeSpan.FromSeconds(2))
            // S3 away stops media uploads only (presigned URLs are signed here, without a call): Degraded, as Redis.
            .AddCheck<S3ReadinessCheck>("s3", HealthStatus.Degraded, ["ready"], TimeSpan.FromSeconds(3));
        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString("LearningDbRead")))
        {
            // The read replica away or lagging moves its reads to the primary (decision 125): Degraded, as Redis.
            services.AddHealthChecks().AddCheck<ReplicaReadinessCheck>("postgresql-replica", HealthStatus.Degraded, ["ready"], TimeSpan.FromSeconds(3));
        }

        services.AddLearningOpenApi(configuration["Api:PublicBaseUrl"] ?? "http://127.0.0.1:5000",
            configuration[$"{TokenValidationOptions.Section}:Authority"] ?? "http://127.0.0.1:5081/api/auth/");
        return services;
    }
}
