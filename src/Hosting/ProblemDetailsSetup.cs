using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LearningPlatform.Hosting;

public static class ProblemDetailsSetup
{
    /// <summary>
    /// ProblemDetails for every host: each carries the request's <c>traceId</c>, and the framework's own answers (no
    /// token, wrong scope, no route, a status-code page) get a stable <c>code</c> like the platform's own errors.
    /// </summary>
    public static IServiceCollection AddCodedProblemDetails(this IServiceCollection services) =>
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Extensions["traceId"] = c.HttpContext.TraceIdentifier;
            c.ProblemDetails.Extensions.TryAdd("code", CodeOf(c.ProblemDetails.Status ?? c.HttpContext.Response.StatusCode));
        });

    /// <summary>The code of an answer that no handler gave one.</summary>
    public static string CodeOf(int status) => status switch
    {
        400 => "request.malformed",
        401 => "auth.unauthenticated",
        403 => "auth.forbidden",
        404 => "route.not_found",
        405 => "route.method_not_allowed",
        413 => "request.too_large",
        415 => "request.unsupported_media_type",
        429 => "rate_limit.exceeded",
        503 => "dependency.unavailable",
        >= 500 => "internal_error",
        _ => "http." + status,
    };
}
