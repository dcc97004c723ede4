using FluentValidation;
using LearningPlatform.Hosting;
using LearningPlatform.Identity.Endpoints;
using LearningPlatform.Identity.Setup;

// AuthService: ASP.NET Core Identity + OpenIddict on AuthDB, under /api/auth.
var builder = WebApplication.CreateBuilder(args);

builder.Services.AddAuthServer(builder.Configuration, builder.Environment);
builder.Services.AddCodedProblemDetails();
builder.RefuseNonAsciiHeaders();
builder.Services.AddExceptionHandler<AuthExceptionHandler>();
builder.Services.AddValidatorsFromAssemblyContaining<RegisterRequestValidator>(includeInternalTypes: true);
builder.Services.AddAuthHealthChecks();
// Unreadable bodies throw, so the exception handler answers them with a code (request.malformed, ...).
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 16 * 1024);

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();

app.MapTokenEndpoint();
app.MapRegisterEndpoint();
app.MapAuthHealthChecks();

app.Run();

namespace LearningPlatform.Identity
{
    /// <summary>Names this host's assembly for WebApplicationFactory (every host has a global <c>Program</c>).</summary>
    public sealed class IdentityHost;
}
