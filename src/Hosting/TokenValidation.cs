using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.Tokens;

namespace LearningPlatform.Hosting;

public sealed class TokenValidationOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// The token server's public issuer (the <c>iss</c> of every token, the URL clients see: the gateway's). Without
    /// <see cref="MetadataAddress"/>, its discovery document and signing keys are read from here.
    /// </summary>
    public string Authority { get; set; } = string.Empty;

    /// <summary>
    /// Optional: the token server's discovery document at an internal address
    /// (<c>http://identity:8080/api/auth/.well-known/openid-configuration</c>). The document names the public URLs;
    /// every URL under <see cref="Authority"/> it leads to (the keys) is then fetched from the same internal base, so
    /// the hosts never depend on reaching their own public address.
    /// </summary>
    public string? MetadataAddress { get; set; }

    public string Audience { get; set; } = "learning-api";

    /// <summary>Off only for loopback development: the hosts speak plain HTTP behind TLS termination.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
}

public static class Scopes
{
    public const string App = "learning.app";
    public const string Admin = "learning.admin";
}

public static class TokenValidation
{
    /// <summary>
    /// JWT bearer validation shared by the gateway and the LearningService: issuer, audience, lifetime and an RS256
    /// signature by one of the token server's published keys; and the policies <c>learning.app</c> (scope) and
    /// <c>learning.admin</c> (scope and role admin).
    /// </summary>
    public static IServiceCollection AddLearningTokenValidation(this IServiceCollection services, IConfiguration configuration)
    {
        var auth = configuration.GetSection(TokenValidationOptions.Section).Get<TokenValidationOptions>() ?? new TokenValidationOptions();
        if (string.IsNullOrWhiteSpace(auth.Authority))
        {
            throw new InvalidOperationException("Auth:Authority (the token server's issuer URL) must be configured.");
        }

        // JwtBearer would otherwise refuse the metadata on every request (500s); say so once, at start-up.
        if (auth.RequireHttpsMetadata && (auth.MetadataAddress ?? auth.Authority).StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                "Auth:Authority (or Auth:MetadataAddress) is plain HTTP while Auth:RequireHttpsMetadata is true; " +
                "use https, or set Auth:RequireHttpsMetadata=false for loopback development.");
        }

        var internalBase = InternalBase(auth);
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.Authority = auth.Authority;
                o.MetadataAddress = auth.MetadataAddress ?? string.Empty;
                if (internalBase is not null)
                {
                    o.BackchannelHttpHandler = new PublicToInternal(new Uri(auth.Authority), internalBase) { InnerHandler = new HttpClientHandler() };
                }

                o.RequireHttpsMetadata = auth.RequireHttpsMetadata;
                o.MapInboundClaims = false;
                o.RefreshOnIssuerKeyNotFound = true;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.Authority,
                    ValidAudience = auth.Audience,
                    ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                    RequireSignedTokens = true,
                    RequireExpirationTime = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = "sub",
                    RoleClaimType = "role",
                };
            });

        // Successful validations are remembered until the token expires (decision 79).
        services.TryAddSingleton(sp => new ValidatedTokenCache(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<ValidatedTokenCache>((o, cache) =>
        {
            var handlers = o.TokenHandlers.Select(h => h is CachingTokenHandler ? h : new CachingTokenHandler(h, cache)).ToList();
            o.TokenHandlers.Clear();
            foreach (var handler in handlers)
            {
                o.TokenHandlers.Add(handler);
            }
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(Scopes.App, p => p.RequireClaim("sub").RequireAssertion(c => c.User.HasScope(Scopes.App)))
            .AddPolicy(Scopes.Admin, p => p.RequireClaim("sub").RequireRole("admin").RequireAssertion(c => c.User.HasScope(Scopes.Admin)));
        return services;
    }

    /// <summary>The internal equivalent of the public issuer: <see cref="TokenValidationOptions.MetadataAddress"/> without its well-known suffix.</summary>
    private static Uri? InternalBase(TokenValidationOptions auth)
    {
        const string wellKnown = ".well-known/openid-configuration";
        if (string.IsNullOrWhiteSpace(auth.MetadataAddress))
        {
            return null;
        }

        if (!auth.Authority.EndsWith('/') || !Uri.TryCreate(auth.MetadataAddress, UriKind.Absolute, out var metadata) ||
            !metadata.AbsolutePath.EndsWith("/" + wellKnown, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"Auth:MetadataAddress must be an absolute URL ending in /{wellKnown}, and Auth:Authority must end with '/'.");
        }

        return new Uri(metadata, "../");
    }

    /// <summary>Sends the backchannel's requests for public token-server URLs to its internal address instead.</summary>
    private sealed class PublicToInternal(Uri publicBase, Uri internalBase) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!.AbsoluteUri;
            if (uri.StartsWith(publicBase.AbsoluteUri, StringComparison.OrdinalIgnoreCase))
            {
                request.RequestUri = new Uri(internalBase, uri[publicBase.AbsoluteUri.Length..]);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>OAuth scopes arrive as one space-separated <c>scope</c> claim, or as several claims.</summary>
    public static bool HasScope(this ClaimsPrincipal user, string scope) =>
        user.FindAll("scope").Any(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(scope));

    /// <summary>The caller's user id from <c>sub</c>; a subject that is not a user id (a client's token) is refused.</summary>
    public static Guid UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue("sub"), out var id)
            ? id
            : throw new BadHttpRequestException("The token's subject is not a user.", StatusCodes.Status403Forbidden);

    /// <summary>The token's <c>name</c> claim (the display name the token server holds for the user), or null.</summary>
    public static string? TokenName(this ClaimsPrincipal user) => user.FindFirstValue("name");
}
