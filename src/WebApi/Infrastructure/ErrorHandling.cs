using LearningPlatform.Hosting;
using LearningPlatform.Domain.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using StackExchange.Redis;

namespace LearningPlatform.WebApi.Infrastructure;

/// <summary>The one error path: every exception becomes an RFC 9457 ProblemDetails with a stable <c>code</c>.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var (status, code, detail) = exception switch
        {
            DomainException e => (StatusOf(e.Kind), e.Code, e.Message),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (413, "request.too_large", "The request body is too large."),
            BadHttpRequestException { StatusCode: StatusCodes.Status403Forbidden } e => (403, "auth.not_a_user", e.Message),
            BadHttpRequestException { InnerException: System.Text.Json.JsonException json } =>
                (400, "request.malformed", $"The request body is not the JSON this route takes{(json.Path is { } at ? $" (at {at})" : "")}: " +
                    "only the documented fields, numbers as numbers, text as well-formed Unicode."),
            BadHttpRequestException e => (e.StatusCode, "request.malformed", e.Message),
            DbUpdateConcurrencyException or DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } }
                or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } =>
                (409, "concurrency.conflict", "Someone else changed this at the same time; reload and retry."),
            _ when TransientFailures.IsTransient(exception, e => e is RedisException
                || e is LearningPlatform.Infrastructure.Billing.Google.GooglePlayUnavailableException
                || e is Amazon.Runtime.AmazonServiceException { StatusCode: >= System.Net.HttpStatusCode.InternalServerError }) =>
                (503, "dependency.unavailable", "A backing service is unavailable; nothing was changed. Retry shortly."),
            OperationCanceledException when http.RequestAborted.IsCancellationRequested =>
                (499, "request.aborted", "The client went away."),
            _ => (500, "internal_error", "An unexpected error occurred."),
        };

        if (status == 503)
        {
            // An outage is not a bug: one line per request, naming the cause, and no stack trace.
            logger.LogWarning("Request {Method} {Path} failed: {Code} ({Cause})",
                http.Request.Method, http.Request.Path, code, TransientFailures.CauseOf(exception));
        }
        else if (status >= 500)
        {
            logger.LogError(exception, "Request {Method} {Path} failed with {Code}", http.Request.Method, http.Request.Path, code);
        }
        else
        {
            logger.LogInformation("Request {Method} {Path} refused: {Code} {Detail}", http.Request.Method, http.Request.Path, code, detail);
        }

        if (status == 503)
        {
            http.Response.Headers.RetryAfter = "5";
        }

        http.Response.StatusCode = status;
        var problem = Problems.Create(status, code, detail);
        if (exception is DomainException domain)
        {
            foreach (var (name, value) in domain.Extensions)
            {
                problem.Extensions[name] = value;
            }
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, Exception = exception, ProblemDetails = problem });
    }

    internal static int StatusOf(DomainErrorKind kind) => kind switch
    {
        DomainErrorKind.Invalid => 400,
        DomainErrorKind.NotFound => 404,
        DomainErrorKind.Conflict => 409,
        DomainErrorKind.Forbidden => 403,
        DomainErrorKind.Unprocessable => 422,
        DomainErrorKind.Unauthenticated => 401,
        _ => 500,
    };
}
