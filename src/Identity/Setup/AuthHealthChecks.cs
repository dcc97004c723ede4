using LearningPlatform.Hosting;
using LearningPlatform.Identity.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LearningPlatform.Identity.Setup;

/// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (AuthDB answers too).</summary>
internal static class AuthHealthChecks
{
    public const string Ready = "ready";
    private const string AuthDb = "authdb";

    /// <summary>How long a probe waits for AuthDB: well under a load balancer's probe timeout (Npgsql's own is 15 s).</summary>
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    public static IServiceCollection AddAuthHealthChecks(this IServiceCollection services)
    {
        // EF Core's check asks CanConnectAsync, which answers false (no exception) when the server refuses or drops the
        // connection: an outage is one line from the health check service, not a stack trace per probe.
        services.AddHealthChecks().AddDbContextCheck<AuthDbContext>(AuthDb, tags: [Ready]);
        // AddDbContextCheck takes no timeout; its registration does.
        services.Configure<HealthCheckServiceOptions>(o => o.Registrations.Single(r => r.Name == AuthDb).Timeout = ProbeTimeout);
        return services;
    }

    public static void MapAuthHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => TypedResults.Ok(new { status = "live" }));
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(Ready),
            ResponseWriter = WriteAsync,
        });
    }

    /// <summary>200 <c>{status: "ready", checks}</c>; otherwise a 503 ProblemDetails <c>dependency.unavailable</c> with <c>Retry-After</c>.</summary>
    private static async Task WriteAsync(HttpContext http, HealthReport report)
    {
        var checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString());
        if (report.Status == HealthStatus.Healthy)
        {
            await http.Response.WriteAsJsonAsync(new { status = Ready, checks });
            return;
        }

        http.Response.Headers.RetryAfter = AuthExceptionHandler.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var stopping = report.Entries.TryGetValue(ShutdownDrain.Name, out var drain) && drain.Status == HealthStatus.Unhealthy;
        var problem = Problems.Create(StatusCodes.Status503ServiceUnavailable, "dependency.unavailable",
            stopping ? "This instance is stopping." : "AuthDB is unreachable.");
        problem.Extensions["checks"] = checks;
        await TypedResults.Problem(problem).ExecuteAsync(http);
    }
}
