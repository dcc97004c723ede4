using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace LearningPlatform.TestSupport;

/// <summary>
/// Stands in for the App Store's signing PKI: a root (configured as the pinned root in tests), an intermediate with
/// Apple's WWDR marker extension and a leaf with the receipt-signing marker, made with <see cref="CertificateRequest"/>;
/// and the JWS payloads the App Store would sign with them. Variants build the forgeries the verifier must refuse.
/// </summary>
public sealed class AppleTestChain : IDisposable
{
    public const string LeafOid = "1.2.840.113635.100.6.11.1";
    public const string IntermediateOid = "1.2.840.113635.100.6.2.1";

    private AppleTestChain(X509Certificate2 root, X509Certificate2 intermediate, X509Certificate2 leaf, ECDsa leafKey)
    {
        Root = root;
        Intermediate = intermediate;
        Leaf = leaf;
        LeafKey = leafKey;
    }

    public X509Certificate2 Root { get; }
    public X509Certificate2 Intermediate { get; }
    public X509Certificate2 Leaf { get; }
    public ECDsa LeafKey { get; }

    /// <summary>The three certificates a signed payload carries in <c>x5c</c>; a test may swap or drop some.</summary>
    public X509Certificate2[] X5c { get; init; } = [];

    public string RootSha256 => Convert.ToHexString(SHA256.HashData(Root.RawData));

    /// <param name="leafNotAfter">When the leaf expires (default: in a year).</param>
    /// <param name="leafOid">Whether the leaf carries Apple's marker extension.</param>
    public static AppleTestChain Create(DateTimeOffset? leafNotAfter = null, bool leafOid = true, string name = "Test")
    {
        var now = DateTimeOffset.UtcNow;
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest($"CN={name} Root CA - G3", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        var root = rootRequest.CreateSelfSigned(now.AddYears(-5), now.AddYears(10));

        var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var intermediateRequest = new CertificateRequest($"CN={name} WWDR Intermediate", intermediateKey, HashAlgorithmName.SHA256);
        intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        intermediateRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        intermediateRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(intermediateRequest.PublicKey, false));
        intermediateRequest.CertificateExtensions.Add(new X509Extension(IntermediateOid, [0x05, 0x00], false));
        using var intermediatePublic = intermediateRequest.Create(root, now.AddYears(-4), now.AddYears(8), Serial());
        var intermediate = intermediatePublic.CopyWithPrivateKey(intermediateKey);

        var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest($"CN={name} Prod ECC Mac App Store and iTunes Store Receipt Signing", leafKey, HashAlgorithmName.SHA256);
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        if (leafOid)
        {
            leafRequest.CertificateExtensions.Add(new X509Extension(LeafOid, [0x05, 0x00], false));
        }

        var leafNotBefore = now.AddYears(-2);
        var leaf = leafRequest.Create(intermediate, leafNotBefore, leafNotAfter ?? now.AddYears(1), Serial());
        return new AppleTestChain(root, intermediate, leaf, leafKey) { X5c = [leaf, intermediate, root] };
    }

    /// <summary>A new leaf under this chain's intermediate (so under the same root), e.g. expired or without the marker.</summary>
    public AppleTestChain IssueLeaf(DateTimeOffset? notAfter = null, bool leafOid = true)
    {
        var now = DateTimeOffset.UtcNow;
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Test reissued receipt signing", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        if (leafOid)
        {
            request.CertificateExtensions.Add(new X509Extension(LeafOid, [0x05, 0x00], false));
        }

        var leaf = request.Create(Intermediate, now.AddYears(-2), notAfter ?? now.AddYears(1), Serial());
        return new AppleTestChain(Root, Intermediate, leaf, key) { X5c = [leaf, Intermediate, Root] };
    }

    /// <summary>This chain's signer, carrying other certificates in <c>x5c</c>.</summary>
    public AppleTestChain WithX5c(params X509Certificate2[] x5c) => new(Root, Intermediate, Leaf, LeafKey) { X5c = x5c };

    /// <summary>The root as a DER file, to configure as the pinned root.</summary>
    public string WriteRoot()
    {
        var path = Path.Combine(Path.GetTempPath(), $"lp-apple-root-{Guid.NewGuid():N}.cer");
        File.WriteAllBytes(path, Root.RawData);
        return path;
    }

    /// <summary>A compact JWS (ES256) of <paramref name="payload"/>, signed by the leaf.</summary>
    public string Sign(object payload, string alg = "ES256")
    {
        var header = new Dictionary<string, object> { ["alg"] = alg, ["x5c"] = X5c.Select(c => Convert.ToBase64String(c.RawData)).ToArray() };
        var input = $"{Encode(JsonSerializer.SerializeToUtf8Bytes(header))}.{Encode(JsonSerializer.SerializeToUtf8Bytes(payload))}";
        var signature = LeafKey.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256);
        return $"{input}.{Encode(signature)}";
    }

    /// <summary><paramref name="jws"/> with its payload replaced and the original signature kept.</summary>
    public static string Tamper(string jws, object payload)
    {
        var parts = jws.Split('.');
        return $"{parts[0]}.{Encode(JsonSerializer.SerializeToUtf8Bytes(payload))}.{parts[2]}";
    }

    public static string Encode(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    private static byte[] Serial() => RandomNumberGenerator.GetBytes(12);

    public void Dispose()
    {
        Root.Dispose();
        Intermediate.Dispose();
        Leaf.Dispose();
        LeafKey.Dispose();
    }
}

/// <summary>App Store payloads as the App Store writes them (times in milliseconds since the epoch).</summary>
public static class ApplePayloads
{
    public const string BundleId = "com.learningplatform.tests";
    public const long AppAppleId = 1234567890;
    public const string ProductId = "com.learningplatform.premium.monthly";

    public static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    public static Dictionary<string, object?> Transaction(
        string originalTransactionId, DateTimeOffset signedDate, DateTimeOffset expiresDate, Guid? appAccountToken = null,
        string? transactionId = null, string environment = "Production", string bundleId = BundleId, string productId = ProductId,
        DateTimeOffset? revocationDate = null) => new()
    {
        ["transactionId"] = transactionId ?? originalTransactionId,
        ["originalTransactionId"] = originalTransactionId,
        ["bundleId"] = bundleId,
        ["productId"] = productId,
        ["purchaseDate"] = Ms(signedDate.AddMinutes(-1)),
        ["originalPurchaseDate"] = Ms(signedDate.AddMinutes(-1)),
        ["expiresDate"] = Ms(expiresDate),
        ["type"] = "Auto-Renewable Subscription",
        ["inAppOwnershipType"] = "PURCHASED",
        ["signedDate"] = Ms(signedDate),
        ["environment"] = environment,
        ["appAccountToken"] = appAccountToken?.ToString(),
        ["revocationDate"] = revocationDate is { } r ? Ms(r) : null,
    };

    public static Dictionary<string, object?> Notification(
        string notificationUUID, string type, string? subtype, DateTimeOffset signedDate, string signedTransactionInfo,
        string? signedRenewalInfo = null, string environment = "Production", long appAppleId = AppAppleId) => new()
    {
        ["notificationType"] = type,
        ["subtype"] = subtype,
        ["notificationUUID"] = notificationUUID,
        ["version"] = "2.0",
        ["signedDate"] = Ms(signedDate),
        ["data"] = new Dictionary<string, object?>
        {
            ["appAppleId"] = appAppleId,
            ["bundleId"] = BundleId,
            ["bundleVersion"] = "1",
            ["environment"] = environment,
            ["signedTransactionInfo"] = signedTransactionInfo,
            ["signedRenewalInfo"] = signedRenewalInfo,
            ["status"] = 1,
        },
    };
}
