using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Hosting;

/// <summary>
/// <c>X-Request-Id</c>: taken from the request when it looks sane (the gateway sets it), otherwise the trace id;
/// echoed on the response and put in the logging scope of everything the request logs.
/// </summary>
public static class CorrelationId
{
    public const string Header = "X-Request-Id";

    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            var incoming = http.Request.Headers[Header].ToString();
            var id = IsSane(incoming) ? incoming : http.TraceIdentifier;
            http.Request.Headers[Header] = id;
            http.Response.OnStarting(() =>
            {
                http.Response.Headers[Header] = id;
                return Task.CompletedTask;
            });
            var logger = http.RequestServices.GetService(typeof(ILogger<CorrelationIdScope>)) as ILogger;
            using (logger?.BeginScope(new Dictionary<string, object> { ["RequestId"] = id }))
            {
                await next(http);
            }
        });

    private static bool IsSane(string value) =>
        value.Length is > 0 and <= 128 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');

    private sealed class CorrelationIdScope;
}
