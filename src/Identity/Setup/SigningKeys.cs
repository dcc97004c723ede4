using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace LearningPlatform.Identity.Setup;

/// <summary>
/// The token signing and encryption keys: persisted development keys, or certificate files. Added to OpenIddict's
/// options as its builder would (RS256 signing; A256KW or RSA-OAEP key wrapping with A256CBC-HS512), because they are
/// chosen from the checked settings, which the builder cannot read.
/// </summary>
internal static class SigningKeys
{
    public static void AddTo(OpenIddictServerOptions server, KeyOptions keys, string contentRoot)
    {
        if (keys.UsesCertificates)
        {
            var signing = LoadCertificate(keys.SigningCertificatePath!, keys.SigningCertificatePassword, nameof(keys.SigningCertificatePath));
            var encryption = LoadCertificate(keys.EncryptionCertificatePath!, keys.EncryptionCertificatePassword, nameof(keys.EncryptionCertificatePath));
            server.SigningCredentials.Add(new SigningCredentials(new X509SecurityKey(signing), SecurityAlgorithms.RsaSha256));
            server.EncryptionCredentials.Add(new EncryptingCredentials(
                new X509SecurityKey(encryption), SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
            return;
        }

        var directory = Path.GetFullPath(keys.Directory!, contentRoot);
        Directory.CreateDirectory(directory);
        server.SigningCredentials.Add(new SigningCredentials(
            LoadOrCreateRsa(Path.Combine(directory, "signing-key.pem")), SecurityAlgorithms.RsaSha256));
        server.EncryptionCredentials.Add(new EncryptingCredentials(
            LoadOrCreateAes(Path.Combine(directory, "encryption-key.b64")), SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
    }

    private static X509Certificate2 LoadCertificate(string path, string? password, string setting)
    {
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        return certificate.HasPrivateKey
            ? certificate
            : throw new InvalidOperationException($"{AuthServerOptions.Section}:Keys:{setting} names a certificate without its private key.");
    }

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
