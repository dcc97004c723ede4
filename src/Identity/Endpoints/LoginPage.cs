using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;

namespace LearningPlatform.Identity.Endpoints;

/// <summary>
/// The HTML of the login page: one form, no script, every value HTML-encoded. The answer is never cached, never framed
/// (no clickjacking of the password field) and loads nothing from anywhere.
/// </summary>
internal static class LoginPage
{
    private const string Style = """
        body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center}
        main{background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.15);width:20rem}
        h1{font-size:1.4rem;margin:0 0 1rem}label{display:block;margin:.8rem 0 .2rem}
        input{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem}
        button{margin-top:1.2rem;width:100%;padding:.6rem;font-size:1rem;background:#1f5fbf;color:#fff;border:0;border-radius:4px}
        .error{background:#fdecea;color:#8a1c12;padding:.6rem;border-radius:4px}
        """;

    public static IResult Form(HttpContext http, string? returnUrl, string? email, string? error)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        var e = HtmlEncoder.Default;
        var body = $"""
            <h1>Sign in</h1>
            {(error is null ? "" : $"""<p class="error" role="alert" id="error">{e.Encode(error)}</p>""")}
            <form method="post" action="{e.Encode(LoginEndpoint.LoginPath)}">
              <input type="hidden" name="{e.Encode(tokens.FormFieldName)}" value="{e.Encode(tokens.RequestToken ?? "")}">
              <input type="hidden" name="returnUrl" value="{e.Encode(returnUrl ?? "")}">
              <label for="email">E-mail address</label>
              <input id="email" name="email" type="email" autocomplete="username" required value="{e.Encode(email ?? "")}">
              <label for="password">Password</label>
              <input id="password" name="password" type="password" autocomplete="current-password" required>
              <button type="submit">Sign in</button>
            </form>
            """;
        return Page(http, "Sign in", body);
    }

    public static IResult SignedIn(HttpContext http) => Page(http, "Signed in", """<h1>Signed in</h1><p id="status">You are signed in.</p>""");

    public static IResult SignedOut(HttpContext http) => Page(http, "Signed out", """<h1>Signed out</h1><p id="status">You are signed out.</p>""");

    private static IResult Page(HttpContext http, string title, string body)
    {
        var headers = http.Response.Headers;
        headers.CacheControl = "no-store";
        headers.Pragma = "no-cache";
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";
        return Results.Content($"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} · Learning Platform</title><style>{Style}</style></head>
            <body><main>
            {body}
            </main></body>
            </html>
            """, "text/html; charset=utf-8");
    }
}
