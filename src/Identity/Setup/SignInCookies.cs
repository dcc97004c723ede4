using LearningPlatform.Identity.Data;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Identity.Setup;

/// <summary>
/// The browser side of the code flow: ASP.NET Core Identity's sign-in cookie and the antiforgery token of the login
/// form. Both cookies are scoped to <c>/api/auth/</c> (the gateway forwards nothing else here, and the API never sees
/// them), HttpOnly, SameSite=Lax (the SPA's redirect to the authorization endpoint is a top-level GET), and Secure
/// whenever the public issuer is https (TLS ends in front of the hosts, so the request itself says http).
/// </summary>
internal static class SignInCookies
{
    public const string SessionCookie = "lp.signin";
    public const string AntiforgeryCookie = "lp.antiforgery";
    public const string CookiePath = "/" + AuthServerSetup.Prefix;

    /// <summary>A session on the login page lasts a working day, sliding; the admin app's refresh tokens do the rest.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);

    public static IServiceCollection AddSignInPage(this IServiceCollection services)
    {
        // Every instance reads the cookies another wrote: the Data Protection keys live in AuthDB.
        services.AddDataProtection().SetApplicationName("learning-auth").PersistKeysToDbContext<AuthDbContext>();
        services.AddAuthentication().AddIdentityCookies();
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<AuthServerOptions>>((cookie, settings) =>
            {
                cookie.Cookie.Name = SessionCookie;
                cookie.Cookie.Path = CookiePath;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = SecurePolicy(settings.Value);
                cookie.ExpireTimeSpan = SessionLifetime;
                cookie.SlidingExpiration = true;
                // Nothing challenges this scheme on its own (the authorization endpoint sends the browser to the login
                // page itself, with a relative URL that works through the gateway); a stray challenge is a plain 401.
                cookie.Events.OnRedirectToLogin = c =>
                {
                    c.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                };
                cookie.Events.OnRedirectToAccessDenied = c =>
                {
                    c.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            });

        services.AddAntiforgery();
        services.AddOptions<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>()
            .Configure<IOptions<AuthServerOptions>>((antiforgery, settings) =>
            {
                antiforgery.Cookie.Name = AntiforgeryCookie;
                antiforgery.Cookie.Path = CookiePath;
                antiforgery.Cookie.SecurePolicy = SecurePolicy(settings.Value);
            });
        return services;
    }

    private static CookieSecurePolicy SecurePolicy(AuthServerOptions settings) =>
        settings.Issuer.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
}
