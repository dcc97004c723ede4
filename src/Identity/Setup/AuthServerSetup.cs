using LearningPlatform.Identity.Data;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace LearningPlatform.Identity.Setup;

/// <summary>OpenIddict on AuthDB: its stores, and the server with what is fixed in code; the rest comes from <c>AuthServer:*</c>.</summary>
internal static class AuthServerSetup
{
    public const string Prefix = "api/auth/";

    public static IServiceCollection AddOpenIddictServer(this IServiceCollection services)
    {
        services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<AuthDbContext>().ReplaceDefaultEntities<Guid>())
            .AddServer(o =>
            {
                // What the discovery document advertises is exactly what is enabled here: the mobile app's password
                // grant, the admin SPA's authorization code flow (PKCE required, S256 only: see ServerOptionsFromSettings),
                // refresh tokens for both, client credentials for the jobs client.
                o.AllowPasswordFlow().AllowAuthorizationCodeFlow().AllowRefreshTokenFlow().AllowClientCredentialsFlow();
                o.RequireProofKeyForCodeExchange();
                o.RegisterScopes(AuthScopes.App, AuthScopes.Admin, AuthScopes.Jobs, Scopes.OfflineAccess);
                o.RegisterClaims(Claims.Role, Claims.Email, Claims.Name);

                // Refresh tokens rotate (OpenIddict's default) and a redeemed one is refused at once: its reuse
                // means it leaked, and OpenIddict then revokes the whole chain.
                o.SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                // Access tokens are plain signed JWTs, so the gateway and the LearningService validate them offline.
                o.DisableAccessTokenEncryption();

                // TLS terminates in front of the hosts (the gateway's ingress); they speak plain HTTP on loopback.
                // The authorization and end-session endpoints pass through to AuthorizeEndpoint, which signs the browser
                // in (login page) or out.
                o.UseAspNetCore()
                    .EnableTokenEndpointPassthrough()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .DisableTransportSecurityRequirement();

                // No control characters in any parameter, refused as invalid_request before any lookup; and a code on
                // every OAuth error answer.
                o.AddRequestChecks().AddErrorCodes();
            });

        // The issuer, the endpoint addresses, the lifetimes and the keys come from the checked settings: read when
        // OpenIddict first asks for its options, which AuthSeeder does at start.
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, ServerOptionsFromSettings>();
        return services;
    }

    /// <summary>What <c>AuthServer:*</c> decides in OpenIddict's server options.</summary>
    private sealed class ServerOptionsFromSettings(IOptions<AuthServerOptions> settings, IHostEnvironment environment)
        : IConfigureOptions<OpenIddictServerOptions>
    {
        public void Configure(OpenIddictServerOptions server)
        {
            var options = settings.Value;
            var issuer = new Uri(options.Issuer, UriKind.Absolute);
            server.Issuer = issuer;

            // The discovery document names each endpoint under the public issuer (the gateway's URL). OpenIddict
            // advertises the first URI of an endpoint (an absolute one as it is; a relative one against the request's
            // Host, which a caller chooses) and serves a request at any of them: the relative second URI is what the
            // gateway and internal callers reach. So no Host header can make it advertise another address.
            Endpoint(server.TokenEndpointUris, issuer, "connect/token");
            Endpoint(server.IntrospectionEndpointUris, issuer, "connect/introspect");
            Endpoint(server.RevocationEndpointUris, issuer, "connect/revoke");
            Endpoint(server.JsonWebKeySetEndpointUris, issuer, ".well-known/jwks");
            Endpoint(server.AuthorizationEndpointUris, issuer, "connect/authorize");
            Endpoint(server.EndSessionEndpointUris, issuer, "connect/endsession");

            // PKCE with S256 only: "plain" sends the verifier's equal through the browser, which is what PKCE guards.
            server.CodeChallengeMethods.Clear();
            server.CodeChallengeMethods.Add(CodeChallengeMethods.Sha256);
            server.ConfigurationEndpointUris.Clear();
            server.ConfigurationEndpointUris.Add(new Uri(Prefix + ".well-known/openid-configuration", UriKind.Relative));

            server.AccessTokenLifetime = options.AccessTokenLifetime;
            server.RefreshTokenLifetime = options.RefreshTokenLifetime;

            SigningKeys.AddTo(server, options.Keys, environment.ContentRootPath);
        }

        private static void Endpoint(List<Uri> uris, Uri issuer, string path)
        {
            uris.Clear();
            uris.Add(new Uri(issuer, path)); // the issuer ends in '/' (checked at start), so the path goes under it
            uris.Add(new Uri(Prefix + path, UriKind.Relative));
        }
    }
}
