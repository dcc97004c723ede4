using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Infrastructure.Billing.Google;

/// <summary>
/// Authenticates a Pub/Sub push by its OIDC ID token (<c>Authorization: Bearer</c>), with the BCL: <c>alg</c> RS256
/// only, signed by a key of Google's JWKS (<see cref="GoogleOidcKeys"/>), <c>iss</c>, <c>aud</c> and <c>email</c>
/// equal to configuration, <c>email_verified</c> true, and inside <c>iat</c>..<c>exp</c> (with a small skew). Anyone can
/// post to the webhook; only Pub/Sub, pushing for our subscription's service account, holds such a token.
/// </summary>
internal sealed class PubSubPushAuthenticator(
    GoogleOidcKeys keys, IOptions<GooglePlayOptions> options, TimeProvider time, ILogger<PubSubPushAuthenticator> logger)
{
    /// <summary>Null when the push is Pub/Sub's; otherwise why not (for the log, never for the caller).</summary>
    public async Task<string?> RefusalAsync(string? authorization, CancellationToken cancellationToken)
    {
        var refusal = await CheckAsync(authorization, cancellationToken);
        if (refusal is not null)
        {
            logger.LogWarning("Google Play notification refused: {Reason}", refusal);
        }

        return refusal;
    }

    private async Task<string?> CheckAsync(string? authorization, CancellationToken cancellationToken)
    {
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return "no bearer token";
        }

        var parts = authorization[scheme.Length..].Trim().Split('.');
        if (parts.Length != 3)
        {
            return "the token is not a signed JWT";
        }

        JsonElement header, claims;
        byte[] signature;
        try
        {
            header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0])).RootElement;
            claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1])).RootElement;
            signature = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return "the token is not a signed JWT";
        }

        // Only RS256: "none", HS256 (keyed with the public key) and other algorithm swaps are refused before any key is used.
        if (Text(header, "alg") != "RS256" || Text(header, "kid") is not { Length: > 0 } keyId)
        {
            return $"alg \"{Text(header, "alg")}\" or kid not accepted";
        }

        if (await keys.FindAsync(keyId, cancellationToken) is not { } parameters)
        {
            return $"unknown signing key {keyId}";
        }

        using (var rsa = RSA.Create(parameters))
        {
            if (!rsa.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature,
                    HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            {
                return "bad signature";
            }
        }

        var expected = options.Value.PubSub;
        if (claims.ValueKind != JsonValueKind.Object)
        {
            return "no claims";
        }

        if (Text(claims, "iss") != expected.Issuer)
        {
            return $"issuer \"{Text(claims, "iss")}\" is not {expected.Issuer}";
        }

        if (!HasAudience(claims, expected.Audience))
        {
            return "audience is not the configured one";
        }

        if (!string.Equals(Text(claims, "email"), expected.ServiceAccountEmail, StringComparison.OrdinalIgnoreCase))
        {
            return $"email \"{Text(claims, "email")}\" is not the push service account";
        }

        if (!claims.TryGetProperty("email_verified", out var verified)
            || !(verified.ValueKind == JsonValueKind.True || verified.ValueKind == JsonValueKind.String && verified.GetString() == "true"))
        {
            return "email not verified";
        }

        var now = time.GetUtcNow();
        if (Seconds(claims, "exp") is not { } expires || now - expected.ClockSkew >= expires)
        {
            return "expired";
        }

        if (Seconds(claims, "iat") is not { } issued || issued > now + expected.ClockSkew)
        {
            return "issued in the future";
        }

        return null;
    }

    private static bool HasAudience(JsonElement claims, string audience)
    {
        if (audience.Length == 0 || !claims.TryGetProperty("aud", out var aud))
        {
            return false;
        }

        return aud.ValueKind switch
        {
            JsonValueKind.String => aud.GetString() == audience,
            JsonValueKind.Array => aud.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && a.GetString() == audience),
            _ => false,
        };
    }

    private static DateTimeOffset? Seconds(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.TryGetInt64(out var seconds)
            && seconds is > 0 and < 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
