using LearningPlatform.Identity.Data;
using Microsoft.AspNetCore.Identity;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace LearningPlatform.Identity.Setup;

internal static class AuthServerSetup
{
    public const string Prefix = "api/auth/";

    public static IServiceCollection AddAuthServer(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(AuthServerOptions.Section).Get<AuthServerOptions>() ?? new AuthServerOptions();
        services.Configure<AuthServerOptions>(configuration.GetSection(AuthServerOptions.Section));

        var connectionString = configuration.GetConnectionString("AuthDb")
            ?? throw new InvalidOperationException("ConnectionStrings:AuthDb is not configured.");
        services.AddDbContext<AuthDbContext>(o => AuthDbContext.Configure(o, connectionString));

        services.AddIdentityCore<AppUser>(o =>
            {
                // NIST SP 800-63B: length over composition rules.
                o.Password.RequiredLength = 10;
                o.Password.RequiredUniqueChars = 4;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.User.RequireUniqueEmail = true;
                // The user name is the e-mail address, which EmailAddressRule already decides on (letters of any script
                // included); Identity's default ASCII list would make CreateAsync refuse, say, jürgen@münchen.de after
                // the endpoint had validated it, and the sign-up would silently create nothing.
                o.User.AllowedUserNameCharacters = string.Empty;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<AuthDbContext>()
            .AddSignInManager();

        services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<AuthDbContext>().ReplaceDefaultEntities<Guid>())
            .AddServer(o =>
            {
                var issuer = new Uri(options.Issuer, UriKind.Absolute);
                o.SetIssuer(issuer);
                // The discovery document names each endpoint under the public issuer (the gateway's URL). OpenIddict
                // advertises the first URI of an endpoint (an absolute one as it is; a relative one against the request's
                // Host, which a caller chooses) and serves a request at any of them: the relative second URI is what the
                // gateway and internal callers reach. So no Host header can make it advertise another address.
                o.SetTokenEndpointUris(Public(issuer, "connect/token"), Local("connect/token"))
                    .SetIntrospectionEndpointUris(Public(issuer, "connect/introspect"), Local("connect/introspect"))
                    .SetRevocationEndpointUris(Public(issuer, "connect/revoke"), Local("connect/revoke"))
                    .SetConfigurationEndpointUris(Local(".well-known/openid-configuration"))
                    .SetJsonWebKeySetEndpointUris(Public(issuer, ".well-known/jwks"), Local(".well-known/jwks"));

                // What the discovery document advertises is exactly what is enabled here. The admin SPA's
                // authorization code + PKCE flow is added with the admin SPA work (docs/decisions.md).
                o.AllowPasswordFlow().AllowRefreshTokenFlow().AllowClientCredentialsFlow();
                o.RegisterScopes(AuthScopes.App, AuthScopes.Admin, AuthScopes.Jobs, Scopes.OfflineAccess);
                o.RegisterClaims(Claims.Role, Claims.Email, Claims.Name);

                o.SetAccessTokenLifetime(options.AccessTokenLifetime);
                o.SetRefreshTokenLifetime(options.RefreshTokenLifetime);
                // Refresh tokens rotate (OpenIddict's default) and a redeemed one is refused at once: its reuse
                // means it leaked, and OpenIddict then revokes the whole chain.
                o.SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                // Access tokens are plain signed JWTs, so the gateway and the LearningService validate them offline.
                o.DisableAccessTokenEncryption();

                SigningKeys.AddKeys(o, options.Keys, environment.ContentRootPath);

                // TLS terminates in front of the hosts (the gateway's ingress); they speak plain HTTP on loopback.
                o.UseAspNetCore().EnableTokenEndpointPassthrough().DisableTransportSecurityRequirement();

                // No control characters in any parameter, refused as invalid_request before any lookup; and a code on
                // every OAuth error answer.
                o.AddRequestChecks().AddErrorCodes();
            });

        services.AddHostedService<AuthSeeder>();
        return services;
    }

    private static Uri Public(Uri issuer, string path) =>
        new(issuer.AbsoluteUri.EndsWith('/') ? issuer : new Uri(issuer.AbsoluteUri + "/"), path);

    private static Uri Local(string path) => new(Prefix + path, UriKind.Relative);
}
