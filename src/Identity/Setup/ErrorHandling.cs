using LearningPlatform.Hosting;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Diagnostics;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace LearningPlatform.Identity.Setup;

/// <summary>
/// The token server's one error path for exceptions. Each becomes a stable <c>code</c>: in OAuth's shape
/// (<c>error</c>, <c>error_description</c>, plus <c>code</c>) on OpenIddict's endpoints, whose clients parse that
/// shape, and as ProblemDetails everywhere else. An unreachable AuthDB is 503 <c>dependency.unavailable</c> with
/// <c>Retry-After</c>, logged as one warning line; only an unexpected failure (500) is logged with its stack trace.
/// </summary>
internal sealed class AuthExceptionHandler(IProblemDetailsService problems, ILogger<AuthExceptionHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var request = $"{http.Request.Method} {http.Request.Path}";
        Failure failure;
        if (exception is OperationCanceledException or ConnectionResetException && http.RequestAborted.IsCancellationRequested)
        {
            logger.LogInformation("Request {Request} aborted by the client", request);
            http.Response.StatusCode = 499;
            return true;
        }

        if (TransientFailures.FindTransient(exception) is { } cause)
        {
            failure = new(StatusCodes.Status503ServiceUnavailable, "dependency.unavailable", Errors.TemporarilyUnavailable,
                "The account database is unavailable. Retry shortly.");
            logger.LogWarning("Request {Request} answered 503 dependency.unavailable: AuthDB unreachable ({Cause})",
                request, TransientFailures.CauseOf(cause));
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (exception is BadHttpRequestException { InnerException: Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException } forged)
        {
            // The login form came without its antiforgery token and cookie (or with another browser's): not sent by our page.
            failure = new(forged.StatusCode, "request.antiforgery_invalid", Errors.InvalidRequest,
                "The form's antiforgery token is missing or invalid: reload the login page and sign in again.");
            logger.LogInformation("Request {Request} refused: {Code}", request, failure.Code);
        }
        else if (exception is BadHttpRequestException bad)
        {
            failure = bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? new(bad.StatusCode, "request.too_large", Errors.InvalidRequest, "The request body is too large.")
                : new(bad.StatusCode, ProblemDetailsSetup.CodeOf(bad.StatusCode), Errors.InvalidRequest, bad.Message);
            logger.LogInformation("Request {Request} refused: {Code} {Detail}", request, failure.Code, failure.Detail);
        }
        else
        {
            failure = new(StatusCodes.Status500InternalServerError, "internal_error", Errors.ServerError, "An unexpected error occurred.");
            logger.LogError(exception, "Request {Request} failed with internal_error", request);
        }

        http.Response.StatusCode = failure.Status;
        if (IsOAuthEndpoint(http))
        {
            // RFC 6749 section 5.2's shape, which OAuth clients parse; the code is an extra member they ignore.
            http.Response.Headers.CacheControl = "no-store";
            http.Response.Headers.Pragma = "no-cache";
            await http.Response.WriteAsJsonAsync(new Dictionary<string, string>
            {
                [Parameters.Error] = failure.OAuthError,
                [Parameters.ErrorDescription] = failure.Detail,
                ["code"] = failure.Code,
                ["traceId"] = http.TraceIdentifier,
            }, options: null, contentType: "application/json;charset=UTF-8", cancellationToken);
            return true;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = Problems.Create(failure.Status, failure.Code, failure.Detail),
        });
    }

    /// <summary>A request OpenIddict recognised as one of its endpoints (token, revocation, introspection, discovery, keys).</summary>
    private static bool IsOAuthEndpoint(HttpContext http) =>
        http.Features.Get<OpenIddictServerAspNetCoreFeature>()?.Transaction?.EndpointType is { } type &&
        type != OpenIddictServerEndpointType.Unknown;

    private sealed record Failure(int Status, string Code, string OAuthError, string Detail);
}
