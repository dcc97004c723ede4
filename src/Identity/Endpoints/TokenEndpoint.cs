using System.Security.Claims;
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
/// The token endpoint's own part: OpenIddict has already authenticated the client and validated the request;
/// here the user (or the client) is checked and the access token's claims are chosen.
/// </summary>
internal static class TokenEndpoint
{
    // One message for an unknown account, a wrong password and a locked-out account: no user enumeration.
    private const string InvalidCredentials = "The username/password couple is invalid.";

    public static void MapTokenEndpoint(this IEndpointRouteBuilder app) =>
        app.MapPost("/" + AuthServerSetup.Prefix + "connect/token", HandleAsync).ExcludeFromDescription();

    private static async Task<IResult> HandleAsync(
        HttpContext http, UserManager<AppUser> users, SignInManager<AppUser> signIn, IOptions<AuthServerOptions> options,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(TokenEndpoint).FullName!);
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");

        if (request.IsPasswordGrantType())
        {
            var user = await users.FindByEmailAsync(request.Username ?? string.Empty);
            if (user is null)
            {
                logger.LogInformation("Password grant refused: unknown account");
                return Refuse(Errors.InvalidGrant, InvalidCredentials);
            }

            var check = await signIn.CheckPasswordSignInAsync(user, request.Password ?? string.Empty, lockoutOnFailure: true);
            if (!check.Succeeded)
            {
                logger.LogInformation("Password grant refused for {UserId}: {Reason}", user.Id, check.IsLockedOut ? "locked out" : "bad password");
                return Refuse(Errors.InvalidGrant, InvalidCredentials);
            }

            return await SignInUserAsync(user, request.GetScopes(), users, options.Value);
        }

        if (request.IsRefreshTokenGrantType() || request.IsAuthorizationCodeGrantType())
        {
            // Re-check that the account may still sign in: a deleted or locked-out user's refresh token (or a code issued
            // just before) stops working. The claims are read afresh, so a role taken away since is gone too.
            var principal = (await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
            var user = await users.FindByIdAsync(principal?.GetClaim(Claims.Subject) ?? string.Empty);
            if (user is null || !await signIn.CanSignInAsync(user) || await users.IsLockedOutAsync(user))
            {
                return Refuse(Errors.InvalidGrant, request.IsRefreshTokenGrantType()
                    ? "The refresh token is no longer valid."
                    : "The authorization code is no longer valid.");
            }

            return await SignInUserAsync(user, principal!.GetScopes(), users, options.Value);
        }

        if (request.IsClientCredentialsGrantType())
        {
            var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, request.ClientId);
            identity.SetClaim(Claims.Name, request.ClientId);
            return SignIn(identity, request.GetScopes(), options.Value);
        }

        return Refuse(Errors.UnsupportedGrantType, "This grant type is not supported.");
    }

    private static async Task<IResult> SignInUserAsync(
        AppUser user, IEnumerable<string> requestedScopes, UserManager<AppUser> users, AuthServerOptions options)
    {
        var roles = await users.GetRolesAsync(user);
        // The admin scope is for admins only, whatever the client may ask for.
        var scopes = requestedScopes.Where(s => s != AuthScopes.Admin || roles.Contains(AuthRoles.Admin)).ToList();
        if (requestedScopes.Contains(AuthScopes.Admin) && !scopes.Contains(AuthScopes.Admin))
        {
            return Refuse(Errors.InvalidScope, "The account may not request this scope.");
        }

        return SignInUser(user, roles, scopes, options);
    }

    /// <summary>The user's tokens (or authorization code) for <paramref name="scopes"/>, which the caller has checked.</summary>
    internal static IResult SignInUser(AppUser user, IList<string> roles, IEnumerable<string> scopes, AuthServerOptions options)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, user.Id.ToString());
        identity.SetClaim(Claims.Email, user.Email);
        // The display name, for the boards; an account registered before names were asked for has none, and then the
        // claim is left out (the e-mail address is not a name to show anyone).
        identity.SetClaim(Claims.Name, user.DisplayName);
        identity.SetClaims(Claims.Role, [.. roles]);
        return SignIn(identity, scopes, options);
    }

    private static IResult SignIn(ClaimsIdentity identity, IEnumerable<string> scopes, AuthServerOptions options)
    {
        identity.SetScopes(scopes);
        identity.SetResources(options.Audience);
        // The name also goes into an identity token, should a client ask for one (scope openid); the rest only into
        // the access token.
        identity.SetDestinations(c => c.Type == Claims.Name ? [Destinations.AccessToken, Destinations.IdentityToken] : [Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
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
