namespace LearningPlatform.Identity.Setup;

public sealed class AuthServerOptions
{
    public const string Section = "AuthServer";

    /// <summary>The issuer written into every token; resource servers validate it.</summary>
    public string Issuer { get; set; } = "http://127.0.0.1:5081/api/auth/";

    /// <summary>The audience (OpenIddict resource) of every access token.</summary>
    public string Audience { get; set; } = "learning-api";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    public KeyOptions Keys { get; set; } = new();
    public List<ClientOptions> Clients { get; set; } = [];
    public SeedOptions Seed { get; set; } = new();
}

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
}

public sealed class ClientOptions
{
    public string ClientId { get; set; } = string.Empty;
    public string? ClientSecret { get; set; }
    public string DisplayName { get; set; } = string.Empty;
    /// <summary><c>password</c>, <c>refresh_token</c>, <c>client_credentials</c>.</summary>
    public List<string> Grants { get; set; } = [];
    public List<string> Scopes { get; set; } = [];
    /// <summary>May call the introspection endpoint (resource servers: the gateway and the LearningService).</summary>
    public bool Introspection { get; set; }
}

/// <summary>Accounts created at start-up when missing (the run script sets these; nothing is seeded by default).</summary>
public sealed class SeedOptions
{
    public string? AdminEmail { get; set; }
    public string? AdminPassword { get; set; }
    public string? LearnerEmail { get; set; }
    public string? LearnerPassword { get; set; }
}

public static class AuthScopes
{
    public const string App = "learning.app";
    public const string Admin = "learning.admin";
    public const string Jobs = "learning.jobs";
}

public static class AuthRoles
{
    public const string Learner = "learner";
    public const string Admin = "admin";
}
