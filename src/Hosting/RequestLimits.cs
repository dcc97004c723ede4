using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace LearningPlatform.Hosting;

public static class RequestLimits
{
    /// <summary>
    /// Refuses a declared oversized body with a 413 ProblemDetails (<c>request.too_large</c>) before anything reads
    /// or forwards it. Kestrel's own <c>MaxRequestBodySize</c> (set to the same value) still guards bodies sent
    /// without a Content-Length. An endpoint that takes files declares its own limit (<see cref="IRequestSizeLimitMetadata"/>,
    /// e.g. <c>[RequestSizeLimit]</c>): that limit applies to it instead, to Kestrel's check too.
    /// </summary>
    public static IApplicationBuilder UseBodySizeLimit(this IApplicationBuilder app, long maxBytes) =>
        app.Use(async (http, next) =>
        {
            var limit = maxBytes;
            if (http.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize is { } own)
            {
                limit = own;
                if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
                {
                    feature.MaxRequestBodySize = own;
                }
            }

            if (http.Request.ContentLength <= limit || http.Request.ContentLength is null)
            {
                await next(http);
                return;
            }

            await Problems.Result(StatusCodes.Status413PayloadTooLarge, "request.too_large",
                $"The request body is larger than {limit} bytes.").ExecuteAsync(http);
        });
}
