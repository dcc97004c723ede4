using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LearningPlatform.TestSupport;

/// <summary>
/// One real token server on loopback for a whole test assembly: the hosts under test fetch its discovery document
/// and keys over HTTP, and the tests get their tokens from it like the apps do.
/// </summary>
public static class SharedIdentity
{
    private static readonly Lazy<Task<KestrelIdentityHostFactory>> Instance = new(StartAsync);

    public static Task<KestrelIdentityHostFactory> GetAsync() => Instance.Value;

    private static async Task<KestrelIdentityHostFactory> StartAsync()
    {
        var identity = new KestrelIdentityHostFactory();
        await identity.InitializeAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => identity.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return identity;
    }

    /// <summary>
    /// A token signed with the server's real key but shaped by the test (expired, another audience, ...):
    /// for the refusals that the server itself would never issue, and for tokens an older server issued (a
    /// <paramref name="name"/> claim it no longer writes).
    /// </summary>
    public static string MintWithServerKey(
        IdentityHostFactory identity, string subject, string scope, string role, string? audience = null, DateTime? expires = null,
        string? name = null)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(Path.Combine(identity.KeysDirectory, "signing-key.pem")));
        var kid = Convert.ToHexStringLower(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()))[..16];
        var now = DateTime.UtcNow;
        var expiry = expires ?? now.AddMinutes(15);
        var claims = new ClaimsIdentity([new Claim("sub", subject), new Claim("scope", scope), new Claim("role", role)]);
        if (name is not null)
        {
            claims.AddClaim(new Claim("name", name));
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = identity.Issuer,
            Audience = audience ?? "learning-api",
            Subject = claims,
            IssuedAt = expiry.AddMinutes(-15),
            NotBefore = expiry.AddMinutes(-15),
            Expires = expiry,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = kid }, SecurityAlgorithms.RsaSha256),
        });
    }
}
