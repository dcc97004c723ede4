namespace LearningPlatform.WebApi.Infrastructure;

public static class RequestLimits
{
    /// <summary>Largest body the learner API accepts; its requests are a few hundred bytes.</summary>
    public const long MaxBodyBytes = 64 * 1024;

    /// <summary>
    /// Refuses a declared oversized body before anything reads it (413). Kestrel's own limit
    /// (<c>MaxRequestBodySize</c>) still guards bodies sent without a Content-Length.
    /// </summary>
    public static IApplicationBuilder UseBodySizeLimit(this IApplicationBuilder app) =>
        app.Use((http, next) => http.Request.ContentLength > MaxBodyBytes
            ? throw new BadHttpRequestException(
                $"The request body is larger than {MaxBodyBytes} bytes.", StatusCodes.Status413PayloadTooLarge)
            : next(http));
}
