// AuthService host. The token server (OpenIddict + ASP.NET Core Identity) arrives with its own issue;
// until then the host only answers health probes so the solution layout and the container image are complete.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/health/live", () => TypedResults.Ok(new { status = "live" }));
app.Run();
