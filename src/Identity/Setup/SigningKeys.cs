using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.Tokens;

namespace LearningPlatform.Identity.Setup;

/// <summary>Loads the token signing and encryption keys: persisted development keys, or certificate files.</summary>
internal static class SigningKeys
{
    public static void AddKeys(OpenIddictServerBuilder server, KeyOptions keys, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(keys.SigningCertificatePath))
        {
            server.AddSigningCertificate(LoadCertificate(keys.SigningCertificatePath, keys.SigningCertificatePassword));
            server.AddEncryptionCertificate(LoadCertificate(
                keys.EncryptionCertificatePath ?? throw new InvalidOperationException(
                    "AuthServer:Keys:EncryptionCertificatePath is required with a signing certificate."),
                keys.EncryptionCertificatePassword));
            return;
        }

        if (string.IsNullOrWhiteSpace(keys.Directory))
        {
            throw new InvalidOperationException(
                "Configure AuthServer:Keys:SigningCertificatePath/EncryptionCertificatePath, or AuthServer:Keys:Directory for development keys.");
        }

        var directory = Path.GetFullPath(keys.Directory, contentRoot);
        Directory.CreateDirectory(directory);
        server.AddSigningKey(LoadOrCreateRsa(Path.Combine(directory, "signing-key.pem")));
        server.AddEncryptionKey(LoadOrCreateAes(Path.Combine(directory, "encryption-key.b64")));
    }

    private static X509Certificate2 LoadCertificate(string path, string? password) =>
        X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);

    private static RsaSecurityKey LoadOrCreateRsa(string path)
    {
        var rsa = RSA.Create(2048);
        var pem = ReadOrCreate(path, () => rsa.ExportPkcs8PrivateKeyPem());
        rsa.ImportFromPem(pem);

        // A stable key id (from the public key) lets resource servers match cached JWKS entries across restarts.
        var kid = Convert.ToHexStringLower(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()))[..16];
        return new RsaSecurityKey(rsa) { KeyId = kid };
    }

    private static SymmetricSecurityKey LoadOrCreateAes(string path) =>
        new(Convert.FromBase64String(ReadOrCreate(path, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))).Trim()));

    /// <summary>
    /// Reads a key file, creating it first if missing. The new file is written under a temporary name and moved
    /// into place, so two instances starting together never read half a key: the loser reads the winner's.
    /// </summary>
    private static string ReadOrCreate(string path, Func<string> create)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path);
        }

        var temp = path + "." + Guid.NewGuid().ToString("N");
        File.WriteAllText(temp, create());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        try
        {
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
        }

        return File.ReadAllText(path);
    }
}
