using LearningPlatform.Identity.Pruning;

namespace LearningPlatform.Identity.Setup;

/// <summary>The token server's settings (section <c>AuthServer</c>), bound once and checked at start (<see cref="DependencyInjection"/>).</summary>
public sealed class AuthServerOptions
{
    public const string Section = "AuthServer";

    /// <summary>
    /// The public issuer, an absolute URL ending in <c>/</c>: every token's <c>iss</c>, and the base of every endpoint
    /// the discovery document names; resource servers validate it.
    /// </summary>
    public string Issuer { get; set; } = "http://127.0.0.1:5081/api/auth/";

    /// <summary>The audience (OpenIddict resource) of every access token.</summary>
    public string Audience { get; set; } = "learning-api";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    public KeyOptions Keys { get; set; } = new();
    public List<ClientOptions> Clients { get; set; } = [];
    public SeedOptions Seed { get; set; } = new();
    public TokenPruningOptions Pruning { get; set; } = new();
}
