using LearningPlatform.Hosting;
using LearningPlatform.Identity;
using LearningPlatform.Identity.Endpoints;
using LearningPlatform.Identity.Setup;

// AuthService: ASP.NET Core Identity + OpenIddict on AuthDB, under /api/auth.
var builder = WebApplication.CreateBuilder(args);
builder.RefuseNonAsciiHeaders();
builder.UseStructuredConsoleLogs();
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = DependencyInjection.MaxBodyBytes);

builder.Services
    .AddPlatformTelemetry(builder.Configuration, "learning-auth", database: true)
    .AddAuthServer(builder.Configuration)
    .AddTokenPruning()
    .AddAuthHttp()
    .AddGracefulShutdown(builder.Configuration);

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAntiforgery();

app.MapTokenEndpoint();
app.MapAuthorizeEndpoints();
app.MapLoginEndpoint();
app.MapRegisterEndpoint();
app.MapAuthHealthChecks();

app.Run();

namespace LearningPlatform.Identity
{
    /// <summary>Names this host's assembly for WebApplicationFactory (every host has a global <c>Program</c>).</summary>
    public sealed class IdentityHost;
}
