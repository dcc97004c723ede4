using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Gateway;

/// <summary>The admin SPA's build output (<c>web/admin/dist</c>), served under <c>/admin/</c> (<c>AdminApp:*</c>).</summary>
public sealed class AdminAppOptions
{
    public const string Section = "AdminApp";

    /// <summary>
    /// The directory holding the build's <c>index.html</c> and <c>assets/</c> (absolute, or relative to the content root).
    /// Empty: no admin app on this gateway (<c>/admin/</c> is 404).
    /// </summary>
    public string? Path { get; set; }

    /// <summary>
    /// Origins besides the gateway's own that the app may call (the Content-Security-Policy's connect-src): the object
    /// store that lesson media is uploaded to with a presigned PUT.
    /// </summary>
    public string[] ConnectSources { get; set; } = [];
}

/// <summary>
/// Serves the admin SPA on the API's origin, so the app needs no CORS. Hashed assets are immutable; index.html, which
/// names them, is revalidated every time so a new build is picked up at once. Client routes (<c>/admin/exams/…</c>, no
/// file extension) get index.html; a missing asset stays 404.
/// </summary>
public static class AdminApp
{
    public const string RequestPath = "/admin";

    public static IServiceCollection AddAdminApp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AdminAppOptions>().Bind(configuration.GetSection(AdminAppOptions.Section))
            .Validate(o => o.ConnectSources.All(IsOrigin),
                $"{AdminAppOptions.Section}:ConnectSources must be origins (http(s)://host[:port]), without a path.")
            .ValidateOnStart();
        return services;
    }

    public static WebApplication UseAdminApp(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<AdminAppOptions>>().Value;
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            return app;
        }

        var root = System.IO.Path.GetFullPath(options.Path, app.Environment.ContentRootPath);
        if (!File.Exists(System.IO.Path.Combine(root, "index.html")))
        {
            app.Logger.LogWarning("The admin app is not built ({Path} has no index.html): /admin/ answers 404", root);
            return app;
        }

        var files = new PhysicalFileProvider(root);
        var policy = ContentSecurityPolicy(options.ConnectSources);
        // "/admin" to "/admin/" (a route template would also match "/admin/", routing ignores a trailing slash).
        app.Use((context, next) =>
        {
            if (context.Request.Path.Value == RequestPath && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
            {
                context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
                context.Response.Headers.Location = $"{RequestPath}/{context.Request.QueryString}";
                return Task.CompletedTask;
            }

            return next(context);
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = RequestPath,
            OnPrepareResponse = context => AddHeaders(context.Context.Response, context.File.Name, policy,
                immutable: context.Context.Request.Path.StartsWithSegments($"{RequestPath}/assets")),
        });
        // {**path:nonfile}: a client route has no file extension; /admin/assets/gone.js is 404, not the app.
        app.MapFallbackToFile($"{RequestPath}/{{**path:nonfile}}", "index.html", new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context => AddHeaders(context.Context.Response, context.File.Name, policy, immutable: false),
        }).WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
        return app;
    }

    /// <summary>
    /// Scripts and styles only from the app's own files (Vite emits no inline script), API and token calls to the same
    /// origin (plus the object store for uploads), no framing, forms and base URL to the same origin.
    /// </summary>
    public static string ContentSecurityPolicy(IEnumerable<string> connectSources) =>
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        $"connect-src {string.Join(' ', new[] { "'self'" }.Concat(connectSources))}; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private static void AddHeaders(HttpResponse response, string file, string policy, bool immutable)
    {
        // Hashed names change with their content: cache them for good. Anything else (index.html) is checked each time.
        response.Headers.CacheControl = immutable ? "public, max-age=31536000, immutable" : "no-cache";
        response.Headers.XContentTypeOptions = "nosniff";
        if (file.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
        {
            response.Headers.ContentSecurityPolicy = policy;
            // The authorization code comes back in the callback's query: never send it on as a Referer.
            response.Headers["Referrer-Policy"] = "no-referrer";
            response.Headers.XFrameOptions = "DENY";
        }
    }

    private static bool IsOrigin(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
        && string.Equals(uri.GetLeftPart(UriPartial.Authority), value.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}
