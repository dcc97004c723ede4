using LearningPlatform.Identity.Data;
using LearningPlatform.Identity.Setup;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace LearningPlatform.Identity.Endpoints;

/// <summary>
/// The authorization and end-session endpoints' own part (the admin SPA's code flow). OpenIddict has already checked
/// the client, its redirect URI, the scopes it may ask for and the PKCE challenge; here the browser's session decides:
/// no session sends it to the login page, a session of an account that may not have what is asked gets OAuth's
/// <c>access_denied</c> at the client's redirect URI, anything else gets a code. Consent is implied (first-party client).
/// </summary>
internal static class AuthorizeEndpoint
{
    public const string AuthorizePath = "/" + AuthServerSetup.Prefix + "connect/authorize";
    public const string EndSessionPath = "/" + AuthServerSetup.Prefix + "connect/endsession";

    public const string NotAdmin = "Only administrators may sign in to the admin app.";

    public static void MapAuthorizeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods(AuthorizePath, [HttpMethods.Get, HttpMethods.Post], (Delegate)AuthorizeAsync).ExcludeFromDescription();
        app.MapMethods(EndSessionPath, [HttpMethods.Get, HttpMethods.Post], (Delegate)EndSessionAsync).ExcludeFromDescription();
    }

    private static async Task<IResult> AuthorizeAsync(
        HttpContext http, UserManager<AppUser> users, SignInManager<AppUser> signIn, IOptions<AuthServerOptions> options,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(AuthorizeEndpoint).FullName!);
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");

        var session = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var user = session.Succeeded ? await users.GetUserAsync(session.Principal) : null;
        // A session of an account deleted or locked out since counts as none.
        if (user is not null && (!await signIn.CanSignInAsync(user) || await users.IsLockedOutAsync(user)))
        {
            user = null;
        }

        if (user is null || request.HasPromptValue(PromptValues.Login))
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Refuse(Errors.LoginRequired, "The user is not signed in.");
            }

            // A relative URL: the browser reached this endpoint through the gateway, and comes back the same way.
            return Results.Redirect(LoginEndpoint.LoginPath + QueryString.Create("returnUrl", ReturnUrl(request)));
        }

        var roles = await users.GetRolesAsync(user);
        if (request.HasScope(AuthScopes.Admin) && !roles.Contains(AuthRoles.Admin))
        {
            logger.LogInformation("Authorization refused for {UserId}: access_denied (not an administrator)", user.Id);
            return Refuse(Errors.AccessDenied, NotAdmin);
        }

        logger.LogInformation("Authorization code issued to {ClientId} for {UserId}", request.ClientId, user.Id);
        return TokenEndpoint.SignInUser(user, roles, request.GetScopes(), options.Value);
    }

    /// <summary>
    /// Ends the browser's session, then sends it to the client's registered post-logout URI when it named one (OpenIddict
    /// checks it), or shows that it is signed out.
    /// </summary>
    private static async Task<IResult> EndSessionAsync(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        await http.SignOutAsync(IdentityConstants.ApplicationScheme);
        if (string.IsNullOrEmpty(request.PostLogoutRedirectUri))
        {
            return LoginPage.SignedOut(http);
        }

        return Results.SignOut(properties: null, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    /// <summary>
    /// The authorization request again, as the login page sends the browser back to it: its own parameters (a POSTed
    /// request's too), without <c>prompt=login</c>, which the sign-in just honoured.
    /// </summary>
    private static string ReturnUrl(OpenIddictRequest request)
    {
        var parameters = request.GetParameters()
            .Where(p => p.Key != Parameters.Prompt || !request.HasPromptValue(PromptValues.Login))
            .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value));
        return AuthorizePath + QueryString.Create(parameters);
    }

    private static IResult Refuse(string error, string description) =>
        Results.Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
