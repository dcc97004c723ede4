using LearningPlatform.Gateway;
using LearningPlatform.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

// Gateway: routes /api/auth/** to the AuthService and /api/learning/** to the LearningService instances,
// validates tokens, rate-limits through Redis and carries the correlation id.
var builder = WebApplication.CreateBuilder(args);
builder.RefuseNonAsciiHeaders();
builder.UseStructuredConsoleLogs();

builder.Services
    .AddPlatformTelemetry(builder.Configuration, "learning-gateway", database: false, redis: true, GatewayMetrics.MeterName)
    .AddLearningTokenValidation(builder.Configuration)
    .AddTokenIntrospection(builder.Configuration)
    .AddGatewayRedis(builder.Configuration)
    .AddRedisRateLimits(builder.Configuration)
    .AddGatewayProxy(builder.Configuration)
    .AddAdminApp(builder.Configuration)
    .AddCodedProblemDetails()
    .AddGracefulShutdown(builder.Configuration);

var app = builder.Build();

app.UseCorrelationId();
app.UseExceptionHandler();
app.UseStatusCodePages();
// The admin SPA's files (/admin/), before the API's limits and authentication: they are public and static.
app.UseAdminApp();
app.UseBodySizeLimit(app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.MaxRequestBodyBytes);
app.UseAuthentication();
app.UseMiddleware<RateLimitMiddleware>();
app.UseMiddleware<FailedSignInLimit>();
app.UseAuthorization();
// Health answers are the health-check convention (text Healthy/Unhealthy, 200/503), read by load balancers.
var readOnly = new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]);
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).WithMetadata(readOnly);
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).WithMetadata(readOnly);
app.MapReverseProxy(proxy =>
{
    proxy.UseUpstreamProblems();
    proxy.UseSafeRetry();
    proxy.UseSessionAffinity();
    proxy.UseLoadBalancing();
    proxy.UsePassiveHealthChecks();
});

app.Run();

namespace LearningPlatform.Gateway
{
    /// <summary>Names this host's assembly for WebApplicationFactory (every host has a global <c>Program</c>).</summary>
    public sealed class GatewayHost;
}
