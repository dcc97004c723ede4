using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Hosting;

public static class ConsoleLogs
{
    /// <summary>
    /// Outside Development every host writes one JSON object per log line (the built-in formatter), UTC timestamps,
    /// with its scopes: the trace and span ids of the request's activity and the <c>X-Request-Id</c>
    /// (<see cref="CorrelationId"/>), so a log shipper can join the gateway's, the WebApi's and the token server's lines
    /// of one request. Development keeps the readable text lines.
    /// </summary>
    public static WebApplicationBuilder UseStructuredConsoleLogs(this WebApplicationBuilder builder)
    {
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        return builder;
    }
}
