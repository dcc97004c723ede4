using LearningPlatform.Hosting;
using LearningPlatform.Application;
using LearningPlatform.Application.Common;
using LearningPlatform.Infrastructure;
using LearningPlatform.Infrastructure.Persistence;
using LearningPlatform.WebApi;
using LearningPlatform.WebApi.Endpoints;
using LearningPlatform.WebApi.Endpoints.Admin;
using LearningPlatform.WebApi.Infrastructure;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;

var builder = WebApplication.CreateBuilder(args);
builder.RefuseNonAsciiHeaders();
builder.UseStructuredConsoleLogs();
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = LearningPlatform.WebApi.DependencyInjection.MaxBodyBytes);

builder.Services
    .AddPlatformTelemetry(builder.Configuration, "learning-api", database: true, redis: true, LearningMetrics.MeterName)
    .AddApplication(builder.Configuration)
    .AddInfrastructure(builder.Configuration)
    .AddBackgroundJobs(builder.Configuration)
    .AddLearningTokenValidation(builder.Configuration)
    .AddWebApi(builder.Configuration)
    .AddGracefulShutdown(builder.Configuration);

var app = builder.Build();

await PrepareDatabaseAsync(app);

app.UseCorrelationId();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseBodySizeLimit(LearningPlatform.WebApi.DependencyInjection.MaxBodyBytes);
// Only under /swagger: the two middlewares otherwise match every API request's path against their routes (1.5 % of a
// leaderboard read's CPU).
app.UseWhen(http => http.Request.Path.StartsWithSegments("/swagger"), swagger => swagger
    .UseSwagger(o => o.RouteTemplate = "swagger/{documentName}/swagger.json")
    .UseSwaggerUI(o =>
    {
        o.OAuthClientId(OpenApiExtensions.OAuthClientId);
        o.OAuthScopes("learning.admin");
        o.OAuthUsePkce();
    }));
app.UseAuthentication();
app.UseAuthorization();
app.UseRequestBuffering();

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });

app.MapGroup("/api/learning/app")
    .RequireAuthorization(Scopes.App)
    .WithTags("app")
    .WithRequestValidation()
    .ProducesProblem(StatusCodes.Status401Unauthorized)
    .MapExamEndpoints()
    .MapAttemptEndpoints()
    .MapResultEndpoints()
    .MapLeaderboardEndpoints()
    .MapRewardEndpoints()
    .MapWalletEndpoints()
    .MapDeviceEndpoints()
    .MapNotificationEndpoints()
    .MapProfileEndpoints()
    .MapCourseEndpoints()
    .MapLessonEndpoints()
    .MapBillingEndpoints();

app.MapBillingWebhooks();

app.MapGroup("/api/learning/admin")
    .RequireAuthorization(Scopes.Admin)
    .WithTags("admin")
    .WithRequestValidation()
    .ProducesProblem(StatusCodes.Status401Unauthorized)
    .ProducesProblem(StatusCodes.Status403Forbidden)
    .MapRankingEndpoints()
    .MapAdminAttemptEndpoints()
    .MapJobEndpoints()
    .MapAdminRewardEndpoints()
    .MapCouponEndpoints()
    .MapBroadcastEndpoints()
    .MapAuditEndpoints()
    .MapCategoryEndpoints()
    .MapQuestionEndpoints()
    .MapPoolEndpoints()
    .MapExamAuthoringEndpoints()
    .MapAdminCourseEndpoints()
    .MapAdminLessonEndpoints()
    .MapMediaUploadEndpoints()
    .MapExportEndpoints()
    .MapAdminLearnerEndpoints();

app.Run();

static async Task PrepareDatabaseAsync(WebApplication app)
{
    if (!app.Configuration.GetValue<bool>("Database:MigrateOnStartup") && !app.Configuration.GetValue<bool>("Seed:Demo"))
    {
        return;
    }

    using var scope = app.Services.CreateScope();
    var db = scope.ServiceProvider.GetRequiredService<LearningDbContext>();
    var logger = scope.ServiceProvider.GetRequiredService<ILogger<Program>>();
    if (app.Configuration.GetValue<bool>("Database:MigrateOnStartup"))
    {
        logger.LogInformation("Applying LearningDB migrations");
        await db.Database.MigrateAsync();
    }

    if (app.Configuration.GetValue<bool>("Seed:Demo"))
    {
        await DemoSeeder.SeedAsync(db, scope.ServiceProvider.GetRequiredService<TimeProvider>(), logger);
    }
}

namespace LearningPlatform.WebApi
{
    /// <summary>Names this host's assembly for WebApplicationFactory (every host has a global <c>Program</c>).</summary>
    public sealed class WebApiHost;
}
