using System.Net.Sockets;
using LearningPlatform.Hosting;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;
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

        if (DependencyFailures.FindTransient(exception) is { } cause)
        {
            failure = new(StatusCodes.Status503ServiceUnavailable, "dependency.unavailable", Errors.TemporarilyUnavailable,
                "The account database is unavailable. Retry shortly.");
            logger.LogWarning("Request {Request} answered 503 dependency.unavailable: AuthDB unreachable ({Cause})",
                request, DependencyFailures.Describe(cause));
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
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

/// <summary>
/// Which failures mean "the database is unreachable right now" rather than "this request is wrong". They often arrive
/// wrapped: EF Core's execution strategy wraps them in an <see cref="InvalidOperationException"/> ("likely due to a
/// transient failure"), a save in a <c>DbUpdateException</c>, and the driver puts the socket error inside its own.
/// </summary>
internal static class DependencyFailures
{
    private const int MaxDepth = 16;

    /// <summary>The exception in <paramref name="exception"/>'s chain that makes it a passing outage, or null.</summary>
    public static Exception? FindTransient(Exception exception)
    {
        var pending = new Queue<Exception>([exception]);
        for (var seen = 0; pending.Count > 0 && seen < MaxDepth; seen++)
        {
            var current = pending.Dequeue();
            if (IsTransient(current))
            {
                return current;
            }

            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Enqueue(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Enqueue(inner);
            }
        }

        return null;
    }

    /// <summary>One line for the log: the innermost cause, e.g. <c>SocketException: Connection refused</c>.</summary>
    public static string Describe(Exception exception)
    {
        var innermost = exception;
        for (var depth = 0; innermost.InnerException is { } inner && depth < MaxDepth; depth++)
        {
            innermost = inner;
        }

        return $"{innermost.GetType().Name}: {innermost.Message}";
    }

    private static bool IsTransient(Exception exception) => exception switch
    {
        // Class 08 connection exception, 53 insufficient resources (too many connections), 57 operator intervention
        // (57P01 admin shutdown: the server is shutting down; 57P03 cannot connect now: it is starting).
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal) ||
                                      postgres.SqlState.StartsWith("53", StringComparison.Ordinal) ||
                                      postgres.SqlState.StartsWith("57", StringComparison.Ordinal),
        // Refused or reset connections, timeouts and an exhausted pool (the driver's own judgement).
        NpgsqlException { IsTransient: true } => true,
        SocketException or TimeoutException => true,
        _ => false,
    };
}
