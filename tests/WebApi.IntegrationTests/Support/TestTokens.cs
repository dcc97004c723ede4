using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LearningPlatform.WebApi.IntegrationTests.Support;

/// <summary>Mints access tokens with the test signing key, shaped like the token server's (sub, scope, role, aud).</summary>
public static class TestTokens
{
    public const string Issuer = "https://auth.test.local/";
    public const string Audience = "learning-api";
    public static readonly string SigningKey = Convert.ToBase64String("test-signing-key-of-at-least-256-bits!!"u8.ToArray());

    public static string Learner(Guid learnerId, string scope = "learning.app") => Mint(learnerId, scope, "learner");

    public static string Mint(
        Guid subject, string scope, string role, string audience = Audience, string? key = null, DateTime? expires = null)
    {
        var credentials = new SigningCredentials(
            new SymmetricSecurityKey(Convert.FromBase64String(key ?? SigningKey)), SecurityAlgorithms.HmacSha256);
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", subject.ToString()), new Claim("scope", scope), new Claim("role", role)]),
            IssuedAt = now.AddMinutes(-1),
            NotBefore = now.AddMinutes(-1),
            Expires = expires ?? now.AddHours(1),
            SigningCredentials = credentials,
        });
    }
}
