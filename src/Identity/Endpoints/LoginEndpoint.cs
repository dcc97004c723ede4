using LearningPlatform.Hosting;
using LearningPlatform.Identity.Data;
using LearningPlatform.Identity.Setup;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace LearningPlatform.Identity.Endpoints;

/// <summary>
/// The login page of the code flow, server-rendered so the password never reaches a client app. The form carries an
/// antiforgery token (a POST without it is 400); the password check is the token endpoint's (ASP.NET Core Identity, with
/// lockout); a wrong password, an unknown account and a locked-out account read the same. The return URL must be local
/// (a path on this origin): anything else is refused with 400 before the page is shown, so the page cannot send a
/// signed-in browser elsewhere.
/// </summary>
internal static class LoginEndpoint
{
    public const string LoginPath = "/" + AuthServerSetup.Prefix + "account/login";

    // The token endpoint's rule: nothing tells an unknown account from a wrong password or a locked-out account.
    public const string InvalidCredentials = "The e-mail address or password is incorrect.";
    public const string ReturnUrlNotLocal = "login.return_url_not_local";

    public static void MapLoginEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapGet(LoginPath, ShowAsync).ExcludeFromDescription();
        app.MapPost(LoginPath, SignInAsync).ExcludeFromDescription();
    }

    private static IResult ShowAsync(HttpContext http, [FromQuery] string? returnUrl) =>
        returnUrl is not null && !IsLocal(returnUrl)
            ? NotLocal()
            : LoginPage.Form(http, returnUrl, email: null, error: null);

    private static async Task<IResult> SignInAsync(
        HttpContext http, [FromForm(Name = "email")] string? email, [FromForm(Name = "password")] string? password,
        [FromForm(Name = "returnUrl")] string? returnUrl, UserManager<AppUser> users, SignInManager<AppUser> signIn,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(LoginEndpoint).FullName!);
        if (string.IsNullOrEmpty(returnUrl))
        {
            returnUrl = null;
        }
        else if (!IsLocal(returnUrl))
        {
            return NotLocal();
        }

        var user = string.IsNullOrWhiteSpace(email) || TextInput.HasControlCharacter(email) ? null : await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            logger.LogInformation("Login refused: unknown account");
            return LoginPage.Form(http, returnUrl, email, InvalidCredentials);
        }

        var check = await signIn.CheckPasswordSignInAsync(user, password ?? string.Empty, lockoutOnFailure: true);
        if (!check.Succeeded)
        {
            logger.LogInformation("Login refused for {UserId}: {Reason}", user.Id, check.IsLockedOut ? "locked out" : "bad password");
            return LoginPage.Form(http, returnUrl, email, InvalidCredentials);
        }

        // The admin app asks for learning.admin, which only administrators get: a learner is told so here, and never
        // gets a session that the authorization endpoint would refuse anyway.
        if (AsksForAdmin(returnUrl) && !await users.IsInRoleAsync(user, AuthRoles.Admin))
        {
            logger.LogInformation("Login refused for {UserId}: not an administrator", user.Id);
            return LoginPage.Form(http, returnUrl, email, AuthorizeEndpoint.NotAdmin);
        }

        await signIn.SignInAsync(user, isPersistent: false);
        logger.LogInformation("Login of {UserId}", user.Id);
        return returnUrl is null ? LoginPage.SignedIn(http) : Results.Redirect(returnUrl);
    }

    /// <summary>
    /// A path on this origin: it starts with one '/' (not '//' or '/\', which browsers read as another host) and holds no
    /// control character (browsers drop tabs and line breaks, so '/\t/evil.example' would become '//evil.example').
    /// </summary>
    internal static bool IsLocal(string url) =>
        url.Length > 0 && url[0] == '/' && (url.Length == 1 || url[1] is not '/' and not '\\') && !TextInput.HasControlCharacter(url);

    /// <summary>Whether the return URL is an authorization request whose scopes include <c>learning.admin</c>.</summary>
    private static bool AsksForAdmin(string? returnUrl)
    {
        if (returnUrl is null)
        {
            return false;
        }

        var query = returnUrl.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? returnUrl : returnUrl[..query];
        if (!string.Equals(path, AuthorizeEndpoint.AuthorizePath, StringComparison.OrdinalIgnoreCase) || query < 0)
        {
            return false;
        }

        return QueryHelpers.ParseQuery(returnUrl[query..]).TryGetValue(Parameters.Scope, out var scopes) &&
               scopes.Any(s => s?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(AuthScopes.Admin) == true);
    }

    private static IResult NotLocal() =>
        Problems.Result(StatusCodes.Status400BadRequest, ReturnUrlNotLocal,
            "returnUrl must be a path on this site (starting with a single '/'); the login page sends a browser nowhere else.");
}
