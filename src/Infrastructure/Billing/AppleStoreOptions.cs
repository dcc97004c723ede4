namespace LearningPlatform.Infrastructure.Billing;

/// <summary>
/// The App Store side of billing (<c>Billing:Apple</c>). Off unless <see cref="BundleId"/> is set: then Apple purchases
/// and notifications answer 400 <c>billing.store_unsupported</c>.
/// </summary>
public sealed class AppleStoreOptions
{
    public const string Section = "Billing:Apple";

    /// <summary>SHA-256 of Apple Root CA - G3, the certificate shipped in the repository (and embedded in the build).</summary>
    public const string AppleRootCaG3Sha256 = "63343ABFB89A6A03EBB57E9B3F5FA7BE7C4F5C756F3017B3A8C488C3653E9179";

    /// <summary>The app's bundle id: every transaction and notification must name it.</summary>
    public string? BundleId { get; set; }

    /// <summary>The App Store's numeric app id: a Production notification must name it (required when <see cref="Environment"/> is Production).</summary>
    public long? AppAppleId { get; set; }

    /// <summary><c>Production</c> (default) or <c>Sandbox</c>: transactions and notifications of another environment are refused.</summary>
    public string Environment { get; set; } = "Production";

    /// <summary>A DER file to pin instead of the embedded Apple root (tests pin a root they generate).</summary>
    public string? RootCertificatePath { get; set; }

    /// <summary>The pinned root's SHA-256 (hex, colons allowed); start-up fails when the certificate does not match it.</summary>
    public string RootCertificateSha256 { get; set; } = AppleRootCaG3Sha256;

    /// <summary>Check the leaf and intermediate against Apple's OCSP/CRL online (off in tests, which are offline).</summary>
    public bool OnlineRevocationCheck { get; set; } = true;

    /// <summary>How long an online revocation check may take before the payload is refused.</summary>
    public TimeSpan RevocationTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public bool Enabled => !string.IsNullOrWhiteSpace(BundleId);
}
