using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace LearningPlatform.WebApi.Infrastructure;

public sealed class AuthOptions
{
    public const string Section = "Auth";

    public string Issuer { get; set; } = string.Empty;
    public string Audience { get; set; } = "learning-api";
    /// <summary>Base64 HMAC key. Stands in until the token server (OpenIddict) publishes its signing keys.</summary>
    public string SigningKey { get; set; } = string.Empty;
}

public static class Policies
{
    public const string App = "learning.app";
    public const string Admin = "learning.admin";
}

public static class AuthenticationExtensions
{
    /// <summary>JWT bearer validation (issuer, audience, lifetime, signature) and the scope/role policies.</summary>
    public static IServiceCollection AddLearningAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        if (string.IsNullOrWhiteSpace(auth.Issuer) || string.IsNullOrWhiteSpace(auth.SigningKey))
        {
            throw new InvalidOperationException("Auth:Issuer and Auth:SigningKey must be configured.");
        }

        var key = Convert.FromBase64String(auth.SigningKey);
        if (key.Length < 32)
        {
            throw new InvalidOperationException("Auth:SigningKey must be at least 256 bits.");
        }

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.Issuer,
                    ValidAudience = auth.Audience,
                    IssuerSigningKey = new SymmetricSecurityKey(key),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    RequireSignedTokens = true,
                    RequireExpirationTime = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = "sub",
                    RoleClaimType = "role",
                };
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.App, p => p.RequireClaim("sub").RequireAssertion(c => HasScope(c.User, Policies.App)))
            .AddPolicy(Policies.Admin, p => p.RequireClaim("sub").RequireRole("admin")
                .RequireAssertion(c => HasScope(c.User, Policies.Admin)));
        return services;
    }

    /// <summary>The caller's id from <c>sub</c>. The app policy guarantees the claim; a non-GUID subject is refused.</summary>
    public static Guid UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue("sub"), out var id)
            ? id
            : throw new BadHttpRequestException("The token's subject is not a user id.", StatusCodes.Status401Unauthorized);

    // OAuth scopes arrive as one space-separated "scope" claim, or as several claims.
    private static bool HasScope(ClaimsPrincipal user, string scope) =>
        user.FindAll("scope").Any(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(scope));
}
