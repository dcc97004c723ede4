using LearningPlatform.Hosting;
using Yarp.ReverseProxy.Forwarder;

namespace LearningPlatform.Gateway;

/// <summary>
/// YARP answers a failed forward with a bare status (502 unreachable, 504 timed out, 503 no destination, 400 when the
/// client's body broke off): this gives each a ProblemDetails body with a stable code. First in the proxy pipeline, so
/// it sees the outcome of the forward.
/// </summary>
internal static class UpstreamProblems
{
    public static IReverseProxyApplicationBuilder UseUpstreamProblems(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.Use(async (http, next) =>
        {
            await next();
            var error = http.GetForwarderErrorFeature();
            if (error is null || http.Response.HasStarted)
            {
                return;
            }

            var (status, code, detail) = Describe(error, http.Response.StatusCode);
            await Problems.Result(status, code, detail).ExecuteAsync(http);
        });
        return proxy;
    }

    private static (int Status, string Code, string Detail) Describe(IForwarderErrorFeature error, int status)
    {
        if (error.Error is ForwarderError.RequestBodyClient or ForwarderError.RequestBodyCanceled)
        {
            return FindTooLarge(error.Exception)
                ? (StatusCodes.Status413PayloadTooLarge, "request.too_large", "The request body is too large.")
                : (StatusCodes.Status400BadRequest, "request.malformed", "The request body could not be read.");
        }

        return status switch
        {
            StatusCodes.Status504GatewayTimeout => (status, "upstream.timeout", "The service did not answer in time."),
            StatusCodes.Status503ServiceUnavailable => (status, "upstream.unavailable", "No instance of the service is available."),
            _ => (StatusCodes.Status502BadGateway, "upstream.unavailable", "The service cannot be reached."),
        };
    }

    private static bool FindTooLarge(Exception? exception)
    {
        for (var depth = 0; exception is not null && depth < 8; depth++, exception = exception.InnerException)
        {
            if (exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                return true;
            }
        }

        return false;
    }
}
