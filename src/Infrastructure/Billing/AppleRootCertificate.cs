using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Infrastructure.Billing;

/// <summary>
/// The one root an App Store signature may chain to: Apple Root CA - G3 embedded in the build (or the file configured
/// in its place), accepted only when its SHA-256 equals <see cref="AppleStoreOptions.RootCertificateSha256"/>. Never the
/// root a payload carries in its <c>x5c</c>.
/// </summary>
internal sealed class AppleRootCertificate
{
    private readonly Lazy<X509Certificate2> _certificate;

    public AppleRootCertificate(IOptions<AppleStoreOptions> options) =>
        _certificate = new Lazy<X509Certificate2>(() => Load(options.Value));

    public X509Certificate2 Certificate => _certificate.Value;

    public static X509Certificate2 Load(AppleStoreOptions options)
    {
        byte[] bytes;
        if (string.IsNullOrWhiteSpace(options.RootCertificatePath))
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("AppleRootCA-G3.cer")
                ?? throw new InvalidOperationException("The Apple root certificate is not embedded in the build.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            bytes = copy.ToArray();
        }
        else
        {
            bytes = File.ReadAllBytes(options.RootCertificatePath);
        }

        var certificate = X509CertificateLoader.LoadCertificate(bytes);
        var expected = Normalize(options.RootCertificateSha256);
        var actual = Convert.ToHexString(SHA256.HashData(certificate.RawData));
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"{AppleStoreOptions.Section}: the pinned root certificate's SHA-256 is {actual}, not the configured {expected}.");
        }

        return certificate;
    }

    private static string Normalize(string fingerprint) =>
        new string(fingerprint.Where(Uri.IsHexDigit).ToArray()).ToUpperInvariant();
}

/// <summary>Start-up checks of <c>Billing:Apple</c>: the pinned root loads and matches its fingerprint; Production names the app.</summary>
internal sealed class AppleStoreOptionsValidation : IValidateOptions<AppleStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, AppleStoreOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        if (options.Environment is not ("Production" or "Sandbox"))
        {
            return ValidateOptionsResult.Fail($"{AppleStoreOptions.Section}:Environment must be Production or Sandbox.");
        }

        if (options.Environment == "Production" && options.AppAppleId is not > 0)
        {
            return ValidateOptionsResult.Fail($"{AppleStoreOptions.Section}:AppAppleId is required in Production (notifications must name the app).");
        }

        if (options.RevocationTimeout <= TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail($"{AppleStoreOptions.Section}:RevocationTimeout must be positive.");
        }

        try
        {
            AppleRootCertificate.Load(options).Dispose();
            return ValidateOptionsResult.Success;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
