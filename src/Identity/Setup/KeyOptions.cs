namespace LearningPlatform.Identity.Setup;

/// <summary>
/// Either a directory where development keys are generated once and kept (so a restart does not invalidate tokens),
/// or certificate files (PKCS#12) for real deployments.
/// </summary>
public sealed class KeyOptions
{
    public string? Directory { get; set; }
    public string? SigningCertificatePath { get; set; }
    public string? SigningCertificatePassword { get; set; }
    public string? EncryptionCertificatePath { get; set; }
    public string? EncryptionCertificatePassword { get; set; }

    public bool UsesCertificates => !string.IsNullOrWhiteSpace(SigningCertificatePath);
}
