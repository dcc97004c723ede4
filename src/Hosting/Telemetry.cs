using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry.Instrumentation.StackExchangeRedis;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LearningPlatform.Hosting;

public static class Telemetry
{
    /// <summary>
    /// OpenTelemetry traces and metrics: ASP.NET Core, outgoing HTTP, PostgreSQL (Npgsql's own spans, when
    /// <paramref name="database"/>), Redis (the <c>IConnectionMultiplexer</c> of the container, when <paramref name="redis"/>),
    /// the runtime, and the host's own <paramref name="meters"/> and activity sources (one name for both). On when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is
    /// set (then exported over OTLP, configured by the standard <c>OTEL_*</c> variables) or <c>Telemetry:Enabled</c> is
    /// true; off otherwise, so an instance without a collector pays nothing for it. Health probes are not traced.
    /// </summary>
    public static IServiceCollection AddPlatformTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName,
        bool database = false, bool redis = false, params string[] meters)
    {
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (!otlp && !configuration.GetValue<bool>("Telemetry:Enabled"))
        {
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                    .AddHttpClientInstrumentation()
                    .AddSource(meters);
                if (database)
                {
                    tracing.AddNpgsql();
                }

                if (redis)
                {
                    tracing.AddRedisInstrumentation();
                }

                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation().AddMeter(meters);
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        return services;
    }
}
