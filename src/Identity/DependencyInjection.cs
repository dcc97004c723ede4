using FluentValidation;
using LearningPlatform.Hosting;
using LearningPlatform.Identity.Data;
using LearningPlatform.Identity.Endpoints;
using LearningPlatform.Identity.Pruning;
using LearningPlatform.Identity.Setup;
using LearningPlatform.Identity.Validation;
using Microsoft.AspNetCore.Identity;

namespace LearningPlatform.Identity;

public static class DependencyInjection
{
    /// <summary>Registration and OAuth requests are a few hundred bytes.</summary>
    public const long MaxBodyBytes = 16 * 1024;

    /// <summary>
    /// The token server: its settings (bound once, checked at start), the clock, AuthDB with ASP.NET Core Identity,
    /// OpenIddict's stores and server, and the start-up seeding of clients, scopes, roles and accounts.
    /// </summary>
    public static IServiceCollection AddAuthServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuthServerOptions(configuration);
        services.AddSingleton(TimeProvider.System);

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

        services.AddOpenIddictServer();
        services.AddSignInPage();
        services.AddHostedService<AuthSeeder>();
        return services;
    }

    /// <summary>The background job that deletes spent tokens and authorizations (<see cref="TokenPruningJob"/>).</summary>
    public static IServiceCollection AddTokenPruning(this IServiceCollection services)
    {
        services.AddScoped<PruneTokens>();
        services.AddHostedService<TokenPruningJob>();
        return services;
    }

    /// <summary>
    /// The HTTP side: ProblemDetails with codes and the one exception handler, the request validators, and the
    /// readiness check on AuthDB.
    /// </summary>
    public static IServiceCollection AddAuthHttp(this IServiceCollection services)
    {
        services.AddCodedProblemDetails();
        services.AddExceptionHandler<AuthExceptionHandler>();
        // Unreadable bodies throw, so the exception handler answers them with a code (request.malformed, ...).
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddValidatorsFromAssemblyContaining<RegisterRequestValidator>(includeInternalTypes: true);
        services.AddAuthHealthChecks();
        return services;
    }

    /// <summary><c>AuthServer:*</c>, bound once; a bad value stops the host at start with a message naming its key.</summary>
    private static void AddAuthServerOptions(this IServiceCollection services, IConfiguration configuration)
    {
        const string S = AuthServerOptions.Section;
        services.AddOptions<AuthServerOptions>().Bind(configuration.GetSection(S))
            .Validate(o => IsIssuer(o.Issuer),
                $"{S}:Issuer must be an absolute http(s) URL ending in '/', without query or fragment: the public issuer clients see (e.g. https://example.org/api/auth/).")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Audience), $"{S}:Audience must name the resource server (learning-api).")
            .Validate(o => o.AccessTokenLifetime > TimeSpan.Zero, $"{S}:AccessTokenLifetime must be positive.")
            .Validate(o => o.RefreshTokenLifetime > TimeSpan.Zero, $"{S}:RefreshTokenLifetime must be positive.")
            .Validate(o => o.Keys.UsesCertificates ? !string.IsNullOrWhiteSpace(o.Keys.EncryptionCertificatePath) : !string.IsNullOrWhiteSpace(o.Keys.Directory),
                $"{S}:Keys: set SigningCertificatePath and EncryptionCertificatePath (PKCS#12 files), or Directory for development keys.")
            .Validate(o => !o.Keys.UsesCertificates || (File.Exists(o.Keys.SigningCertificatePath) && File.Exists(o.Keys.EncryptionCertificatePath)),
                $"{S}:Keys:SigningCertificatePath and EncryptionCertificatePath must name existing files.")
            .Validate(o => o.Clients.All(c => !string.IsNullOrWhiteSpace(c.ClientId)) &&
                           o.Clients.Select(c => c.ClientId).Distinct(StringComparer.Ordinal).Count() == o.Clients.Count,
                $"{S}:Clients:*:ClientId must be set, once per client.")
            .Validate(o => o.Clients.All(c => c.Grants.All(ClientOptions.KnownGrants.Contains)),
                $"{S}:Clients:*:Grants may hold only {string.Join(", ", ClientOptions.KnownGrants)}.")
            .Validate(o => o.Clients.All(c => !c.Grants.Contains("client_credentials") || !string.IsNullOrEmpty(c.ClientSecret)),
                $"{S}:Clients:*:ClientSecret is required for a client_credentials client.")
            .Validate(o => o.Clients.All(c => !c.UsesCodeFlow || c.RedirectUris.Count > 0),
                $"{S}:Clients:*:RedirectUris must name at least one URI for an authorization_code client.")
            .Validate(o => !IsIssuer(o.Issuer) || o.Clients.All(c => c.RedirectUris.Concat(c.PostLogoutRedirectUris)
                    .All(u => ClientOptions.Resolve(u, new Uri(o.Issuer)) is not null)),
                $"{S}:Clients:*:RedirectUris and PostLogoutRedirectUris must be absolute http(s) URLs without fragment, or paths starting with '/' (taken on the issuer's origin).")
            .Validate(o => DisplayNameRule.Check(o.Seed.AdminDisplayName) is null && DisplayNameRule.Check(o.Seed.LearnerDisplayName) is null,
                $"{S}:Seed:AdminDisplayName and LearnerDisplayName must be display names ({DisplayNameRule.MinLength}..{DisplayNameRule.MaxLength} characters, one line, no '@').")
            .Validate(o => o.Pruning.Interval >= TimeSpan.Zero && o.Pruning.Interval <= TokenPruningOptions.MaxInterval,
                $"{S}:Pruning:Interval must be between 0 (off) and {TokenPruningOptions.MaxInterval.TotalDays} days.")
            .Validate(o => o.Pruning.MinimumAge >= o.RefreshTokenLifetime && o.Pruning.MinimumAge > TimeSpan.Zero,
                $"{S}:Pruning:MinimumAge must be at least {S}:RefreshTokenLifetime: a redeemed refresh token is kept while a replay of it could still be caught.")
            .ValidateOnStart();
    }

    private static bool IsIssuer(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" &&
        value.EndsWith('/') && uri.Query.Length == 0 && uri.Fragment.Length == 0;
}
