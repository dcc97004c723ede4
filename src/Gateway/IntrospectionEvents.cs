using LearningPlatform.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Polly;

namespace LearningPlatform.Gateway;

/// <summary>
/// With <c>Gateway:Introspection:Enabled</c>, a token that passed the offline JWT checks is also checked with the token
/// server (<see cref="TokenIntrospector"/>): a revoked one is refused (401). When the token server cannot answer — no
/// connection, no answer in time, a 5xx, or the circuit breaker open after such failures — the request answers 503
/// <c>dependency.unavailable</c>, not 401, so apps do not throw away good tokens (decision 19).
/// </summary>
internal sealed class IntrospectionEvents(IOptions<IntrospectionOptions> options, ILogger<IntrospectionEvents> logger) : JwtBearerEvents
{
    private const string Unavailable = "introspection-unavailable";

    public override async Task TokenValidated(TokenValidatedContext context)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var http = context.HttpContext;
        var introspector = http.RequestServices.GetRequiredService<TokenIntrospector>();
        var expires = new DateTimeOffset(DateTime.SpecifyKind(context.SecurityToken.ValidTo, DateTimeKind.Utc));
        try
        {
            if (!await introspector.IsActiveAsync(context.SecurityToken.UnsafeToString(), expires, http.RequestAborted))
            {
                context.Fail("The token was revoked.");
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or ExecutionRejectedException)
        {
            // ExecutionRejectedException: the introspection call timed out, or the circuit breaker is open.
            logger.LogWarning("Request {Method} {Path} answered 503 dependency.unavailable: token server introspection unavailable ({Error})",
                http.Request.Method, http.Request.Path, ex.GetType().Name);
            http.Items[Unavailable] = true;
            context.Fail(ex);
        }
    }

    public override async Task Challenge(JwtBearerChallengeContext context)
    {
        if (!context.HttpContext.Items.ContainsKey(Unavailable))
        {
            return;
        }

        context.HandleResponse();
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "5";
        await Problems.Result(503, "dependency.unavailable", "The token server cannot be reached.").ExecuteAsync(context.HttpContext);
    }
}
