using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace LearningPlatform.Gateway;

/// <summary>
/// A forward that failed before any answer came back (the instance was unreachable, closed the connection, or reset it)
/// is tried once more on another instance, but only for requests that are safe to repeat: GET and HEAD, and requests
/// carrying an <c>Idempotency-Key</c> (the LearningService replays or refuses a repeat; its body is buffered for the
/// second try). A timeout is not retried: the first instance may still be working on it, and the client has waited
/// long enough. Everything else keeps YARP's answer (502, as <see cref="UpstreamProblems"/> describes it).
/// </summary>
internal static class SafeRetry
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    private const int MaxTries = 2;

    public static IReverseProxyApplicationBuilder UseSafeRetry(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.Use(async (http, next) =>
        {
            var request = http.Request;
            var safe = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || request.Headers.ContainsKey(IdempotencyKeyHeader);
            var feature = http.GetReverseProxyFeature();
            if (!safe || feature.AvailableDestinations.Count < 2)
            {
                await next();
                return;
            }

            // Bodies here are small (the gateway's body limit); buffered, so a second try can send the same bytes. A request
            // without a body (most GETs) costs nothing extra.
            var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
            if (hasBody)
            {
                request.EnableBuffering();
            }

            var candidates = feature.AvailableDestinations;
            List<DestinationState>? tried = null;
            for (var attempt = 1; ; attempt++)
            {
                await next();
                var error = http.GetForwarderErrorFeature();
                if (error is null || error.Error != ForwarderError.Request || http.Response.HasStarted || attempt >= MaxTries
                    || feature.ProxiedDestination is not { } failed)
                {
                    return;
                }

                tried ??= new List<DestinationState>(MaxTries);
                tried.Add(failed);
                var others = candidates.Where(d => !tried.Contains(d)).ToList();
                if (others.Count == 0)
                {
                    return;
                }

                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SafeRetry))
                    .LogWarning("Forward to {Destination} failed ({Error}); trying another instance", failed.DestinationId, error.Error);
                http.Features.Set<IForwarderErrorFeature>(null);
                http.Response.StatusCode = StatusCodes.Status200OK;
                if (hasBody)
                {
                    request.Body.Position = 0;
                }

                feature.AvailableDestinations = others;
            }
        });
        return proxy;
    }
}
