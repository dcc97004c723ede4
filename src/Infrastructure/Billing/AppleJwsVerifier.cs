using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using LearningPlatform.Domain.Subscriptions;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Infrastructure.Billing;

/// <summary>
/// Verifies an App Store signed payload (a transaction, renewal info or Server Notification v2) with the BCL, in the
/// order that refuses a forgery before trusting any of it: the header (<c>alg</c> ES256, <c>x5c</c> of exactly three
/// certificates), the chain leaf → intermediate built with <see cref="X509ChainTrustMode.CustomRootTrust"/> to the pinned
/// root only (the <c>x5c</c>'s own root is never used), valid at the payload's <c>signedDate</c> (online revocation
/// behind <see cref="AppleStoreOptions.OnlineRevocationCheck"/>), Apple's marker extensions on the leaf and the
/// intermediate, then the ES256 signature with the leaf's key. Returns the payload.
/// </summary>
internal sealed class AppleJwsVerifier(AppleRootCertificate root, IOptions<AppleStoreOptions> options)
{
    /// <summary>Apple's "Mac App Store and iTunes Store Receipt Signing" leaf marker.</summary>
    public const string LeafOid = "1.2.840.113635.100.6.11.1";

    /// <summary>Apple's "Apple Worldwide Developer Relations" intermediate marker.</summary>
    public const string IntermediateOid = "1.2.840.113635.100.6.2.1";

    public JsonElement Verify(string jws)
    {
        var parts = jws.Split('.');
        if (parts.Length != 3)
        {
            throw SubscriptionErrors.Malformed("a JWS has three dot-separated parts.");
        }

        var header = ParseJson(parts[0], "header");
        var payload = ParseJson(parts[1], "payload");
        if (!header.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String || alg.GetString() != "ES256")
        {
            throw SubscriptionErrors.Malformed("the JWS algorithm must be ES256.");
        }

        if (!header.TryGetProperty("x5c", out var x5c) || x5c.ValueKind != JsonValueKind.Array || x5c.GetArrayLength() != 3)
        {
            throw SubscriptionErrors.Malformed("the JWS header's x5c must hold exactly three certificates.");
        }

        var signedDate = AppleJson.Time(payload, "signedDate")
            ?? throw SubscriptionErrors.Malformed("the payload has no signedDate.");
        using var leaf = Certificate(x5c[0]);
        using var intermediate = Certificate(x5c[1]);
        CheckChain(leaf, intermediate, signedDate);
        CheckSignature(leaf, parts);
        return payload;
    }

    private void CheckChain(X509Certificate2 leaf, X509Certificate2 intermediate, DateTimeOffset signedDate)
    {
        var settings = options.Value;
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.Add(root.Certificate);
        policy.ExtraStore.Add(intermediate);
        policy.VerificationTime = signedDate.UtcDateTime;
        policy.VerificationTimeIgnored = false;
        policy.RevocationMode = settings.OnlineRevocationCheck ? X509RevocationMode.Online : X509RevocationMode.NoCheck;
        policy.RevocationFlag = X509RevocationFlag.ExcludeRoot;
        policy.UrlRetrievalTimeout = settings.RevocationTimeout;
        // Only the certificates given here: nothing fetched from AIA URLs the payload's certificates might name.
        policy.DisableCertificateDownloads = true;

        if (!chain.Build(leaf))
        {
            var problems = chain.ChainStatus.Select(s => s.Status.ToString()).Distinct();
            throw SubscriptionErrors.CertificateUntrusted($"the chain does not verify to the pinned root ({string.Join(", ", problems)}).");
        }

        var elements = chain.ChainElements;
        if (elements.Count != 3
            || !elements[1].Certificate.RawDataMemory.Span.SequenceEqual(intermediate.RawDataMemory.Span)
            || !elements[2].Certificate.RawDataMemory.Span.SequenceEqual(root.Certificate.RawDataMemory.Span))
        {
            throw SubscriptionErrors.CertificateUntrusted("the chain is not leaf, intermediate, pinned root.");
        }

        if (leaf.Extensions[LeafOid] is null)
        {
            throw SubscriptionErrors.CertificateUntrusted($"the signing certificate lacks Apple's extension {LeafOid}.");
        }

        if (intermediate.Extensions[IntermediateOid] is null)
        {
            throw SubscriptionErrors.CertificateUntrusted($"the intermediate certificate lacks Apple's extension {IntermediateOid}.");
        }
    }

    private static void CheckSignature(X509Certificate2 leaf, string[] parts)
    {
        using var key = leaf.GetECDsaPublicKey()
            ?? throw SubscriptionErrors.CertificateUntrusted("the signing certificate has no EC key.");
        if (key.KeySize != 256)
        {
            throw SubscriptionErrors.CertificateUntrusted("the signing key is not P-256, as ES256 requires.");
        }

        var signature = Base64Url(parts[2], "signature");
        var signingInput = Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}");
        // JWS carries ES256 as R || S (IEEE P1363), 64 bytes.
        if (signature.Length != 64 || !key.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            throw SubscriptionErrors.SignatureInvalid();
        }
    }

    private static X509Certificate2 Certificate(JsonElement element)
    {
        try
        {
            return X509CertificateLoader.LoadCertificate(Convert.FromBase64String(element.GetString() ?? ""));
        }
        catch (Exception e) when (e is FormatException or CryptographicException or InvalidOperationException)
        {
            throw SubscriptionErrors.Malformed("an x5c entry is not a base64 DER certificate.");
        }
    }

    private static JsonElement ParseJson(string part, string what)
    {
        try
        {
            using var document = JsonDocument.Parse(Base64Url(part, what));
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw SubscriptionErrors.Malformed($"the JWS {what} is not a JSON object.");
        }
        catch (JsonException)
        {
            throw SubscriptionErrors.Malformed($"the JWS {what} is not JSON.");
        }
    }

    private static byte[] Base64Url(string part, string what)
    {
        try
        {
            return System.Buffers.Text.Base64Url.DecodeFromChars(part);
        }
        catch (FormatException)
        {
            throw SubscriptionErrors.Malformed($"the JWS {what} is not base64url.");
        }
    }
}

/// <summary>Reading the App Store's JSON: times are milliseconds since the epoch.</summary>
internal static class AppleJson
{
    public static DateTimeOffset? Time(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var ms)
            && ms is > 0 and < 253402300799999
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;

    public static string? Text(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static long? Number(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;
}
