using LearningPlatform.Hosting;
using System.Security.Cryptography;
using LearningPlatform.Application.Common;
using StackExchange.Redis;

namespace LearningPlatform.WebApi.Infrastructure;

/// <summary>Marks an endpoint as needing an <c>Idempotency-Key</c>; read by the OpenAPI document.</summary>
public sealed class IdempotentMetadata;

/// <summary>
/// The Idempotency-Key layer (IETF draft-ietf-httpapi-idempotency-key-header, as Stripe does it):
/// the key is scoped to the caller; the first request runs and its response is kept 24 h; the same key with the
/// same body replays it with <c>Idempotent-Replayed: true</c>; with another body → 422; while the first still
/// runs → 409. Redis unreachable → 503 before anything runs (fail closed).
/// </summary>
internal sealed class IdempotencyFilter(IIdempotencyStore store, LearningMetrics metrics, ILogger<IdempotencyFilter> logger) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(key))
        {
            return Problems.Result(400, "idempotency.key_missing", $"This request needs an {Header} header.");
        }

        if (key.Length > MaxKeyLength || key.Any(c => c is < '!' or > '~'))
        {
            return Problems.Result(400, "idempotency.key_invalid",
                $"An {Header} is 1 to {MaxKeyLength} visible ASCII characters.");
        }

        var principal = http.User.UserId().ToString();
        var fingerprint = await FingerprintAsync(http.Request);
        var begin = await store.TryBeginAsync(principal, key, fingerprint, http.RequestAborted);
        switch (begin.State)
        {
            case IdempotencyState.FingerprintMismatch:
                return Problems.Result(422, "idempotency.key_reused",
                    $"This {Header} was already used with a different request.");
            case IdempotencyState.InFlight:
                http.Response.Headers.RetryAfter = "1";
                return Problems.Result(409, "idempotency.in_flight",
                    $"A request with this {Header} is still being processed; retry shortly.");
            case IdempotencyState.Completed:
                metrics.IdempotentReplay();
                return new ReplayResult(begin.Response!);
        }

        // First time: run the endpoint, buffering its response so it can be stored before it is sent.
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            var result = await next(context);
            await AsResult(result).ExecuteAsync(http);
        }
        catch
        {
            http.Response.Body = original;
            await ReleaseQuietlyAsync(principal, key);
            throw;
        }

        http.Response.Body = original;
        var status = http.Response.StatusCode;
        if (IsStorable(status))
        {
            var stored = new StoredResponse(
                status, http.Response.ContentType, http.Response.Headers.Location.ToString() is { Length: > 0 } l ? l : null,
                buffer.ToArray());
            try
            {
                await store.CompleteAsync(principal, key, fingerprint, stored, CancellationToken.None);
            }
            catch (RedisException ex)
            {
                // The work is done and committed: answer it. A retry of this key finds the in-flight marker
                // (409) until it expires, then runs again and meets the database's own guards.
                logger.LogWarning(ex, "Could not store the response of {Header} {Key}", Header, key);
            }
        }
        else
        {
            await ReleaseQuietlyAsync(principal, key);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, http.RequestAborted);
        return Results.Empty;
    }

    // Conflicts and throttles are transient: a retry with the same key must be able to run again.
    private static bool IsStorable(int status) =>
        status is >= 200 and < 300 || (status is >= 400 and < 500 && status is not (408 or 409 or 425 or 429));

    private static IResult AsResult(object? value) => value switch
    {
        IResult result => result,
        null => Results.Empty,
        _ => Results.Ok(value),
    };

    private static async Task<string> FingerprintAsync(HttpRequest request)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}\n"));
        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
            var chunk = new byte[8192];
            int read;
            while ((read = await request.Body.ReadAsync(chunk)) > 0)
            {
                hash.AppendData(chunk, 0, read);
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private async Task ReleaseQuietlyAsync(string principal, string key)
    {
        try
        {
            await store.ReleaseAsync(principal, key, CancellationToken.None);
        }
        catch (RedisException ex)
        {
            logger.LogWarning(ex, "Could not release {Header} {Key}; it expires by itself", Header, key);
        }
    }

    private sealed class ReplayResult(StoredResponse stored) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = stored.StatusCode;
            http.Response.Headers[ReplayedHeader] = "true";
            if (stored.ContentType is not null)
            {
                http.Response.ContentType = stored.ContentType;
            }

            if (stored.Location is not null)
            {
                http.Response.Headers.Location = stored.Location;
            }

            await http.Response.Body.WriteAsync(stored.Body);
        }
    }
}

public static class IdempotencyExtensions
{
    public static RouteHandlerBuilder WithIdempotency(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<IdempotencyFilter>()
            .WithMetadata(new IdempotentMetadata())
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>Lets the filter re-read the body for its fingerprint after model binding consumed it.</summary>
    public static IApplicationBuilder UseRequestBuffering(this IApplicationBuilder app) =>
        app.Use((http, next) =>
        {
            if (http.Request.Headers.ContainsKey(IdempotencyFilter.Header))
            {
                http.Request.EnableBuffering();
            }

            return next(http);
        });
}
