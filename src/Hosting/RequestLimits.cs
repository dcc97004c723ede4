using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LearningPlatform.Hosting;

public static class RequestLimits
{
    /// <summary>
    /// Refuses a declared oversized body with a 413 ProblemDetails (<c>request.too_large</c>) before anything reads
    /// or forwards it. Kestrel's own <c>MaxRequestBodySize</c> (set to the same value) still guards bodies sent
    /// without a Content-Length.
    /// </summary>
    public static IApplicationBuilder UseBodySizeLimit(this IApplicationBuilder app, long maxBytes) =>
        app.Use(async (http, next) =>
        {
            if (http.Request.ContentLength <= maxBytes || http.Request.ContentLength is null)
            {
                await next(http);
                return;
            }

            await Problems.Result(StatusCodes.Status413PayloadTooLarge, "request.too_large",
                $"The request body is larger than {maxBytes} bytes.").ExecuteAsync(http);
        });
}
