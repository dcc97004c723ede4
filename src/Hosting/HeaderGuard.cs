using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LearningPlatform.Hosting;

public static class HeaderGuard
{
    /// <summary>
    /// Request header values are printable ASCII (and tab), or the request is refused with a coded 400
    /// (<c>request.malformed</c>). Kestrel would refuse a non-ASCII byte itself, but with a bare 400 and no body before the
    /// app runs; decoding header bytes as Latin-1 lets such a request reach this check instead, which runs first in the
    /// pipeline, so nothing else (logging scopes, authentication, the proxy) ever sees such a value.
    /// Kestrel's other refusals (a malformed request line or Host, oversized headers) still answer without a body:
    /// Kestrel offers no hook for them.
    /// </summary>
    public static WebApplicationBuilder RefuseNonAsciiHeaders(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(k => k.RequestHeaderEncodingSelector = _ => Encoding.Latin1);
        builder.Services.AddTransient<IStartupFilter, FirstInPipeline>();
        return builder;
    }

    /// <summary>The first header whose value is not printable ASCII, or null.</summary>
    public static string? FirstNonAsciiHeader(IHeaderDictionary headers)
    {
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                if (value is not null && !IsPrintableAscii(value))
                {
                    return name;
                }
            }
        }

        return null;
    }

    private static bool IsPrintableAscii(string value)
    {
        foreach (var c in value)
        {
            if (c is not ('\t' or >= ' ' and <= '~'))
            {
                return false;
            }
        }

        return true;
    }

    private sealed class FirstInPipeline : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (http, nextMiddleware) =>
            {
                var header = FirstNonAsciiHeader(http.Request.Headers);
                if (header is null)
                {
                    await nextMiddleware(http);
                    return;
                }

                // The value itself is never echoed or logged: it is what a probe would want reflected.
                await Problems.Result(StatusCodes.Status400BadRequest, "request.malformed",
                    $"The value of the {header} header is not printable ASCII.").ExecuteAsync(http);
            });
            next(app);
        };
    }
}
