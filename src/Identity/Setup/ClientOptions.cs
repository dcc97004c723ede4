namespace LearningPlatform.Identity.Setup;

/// <summary>One OAuth client, created or updated at start-up by <see cref="AuthSeeder"/>.</summary>
public sealed class ClientOptions
{
    /// <summary>The grants a client may be given: what the token server enables.</summary>
    public static readonly IReadOnlySet<string> KnownGrants = new HashSet<string>(StringComparer.Ordinal)
    {
        "password", "refresh_token", "client_credentials",
    };

    public string ClientId { get; set; } = string.Empty;
    public string? ClientSecret { get; set; }
    public string DisplayName { get; set; } = string.Empty;
    /// <summary><c>password</c>, <c>refresh_token</c>, <c>client_credentials</c>.</summary>
    public List<string> Grants { get; set; } = [];
    public List<string> Scopes { get; set; } = [];
    /// <summary>May call the introspection endpoint (resource servers: the gateway and the LearningService).</summary>
    public bool Introspection { get; set; }
}
