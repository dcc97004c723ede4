namespace LearningPlatform.Identity.Setup;

/// <summary>One OAuth client, created or updated at start-up by <see cref="AuthSeeder"/>.</summary>
public sealed class ClientOptions
{
    public const string AuthorizationCode = "authorization_code";

    /// <summary>The grants a client may be given: what the token server enables.</summary>
    public static readonly IReadOnlySet<string> KnownGrants = new HashSet<string>(StringComparer.Ordinal)
    {
        "password", "refresh_token", "client_credentials", AuthorizationCode,
    };

    public string ClientId { get; set; } = string.Empty;
    public string? ClientSecret { get; set; }
    public string DisplayName { get; set; } = string.Empty;
    /// <summary><c>password</c>, <c>refresh_token</c>, <c>client_credentials</c>, <c>authorization_code</c>.</summary>
    public List<string> Grants { get; set; } = [];
    public List<string> Scopes { get; set; } = [];
    /// <summary>May call the introspection endpoint (resource servers: the gateway and the LearningService).</summary>
    public bool Introspection { get; set; }

    /// <summary>
    /// Where an <c>authorization_code</c> client may be sent back with its code: absolute URLs, or paths (<c>/admin/callback</c>)
    /// taken on the public issuer's origin, i.e. the gateway's, so one setting serves every environment.
    /// </summary>
    public List<string> RedirectUris { get; set; } = [];

    /// <summary>Where the end-session endpoint may send the browser after signing out; same forms as <see cref="RedirectUris"/>.</summary>
    public List<string> PostLogoutRedirectUris { get; set; } = [];

    public bool UsesCodeFlow => Grants.Contains(AuthorizationCode);

    /// <summary>A redirect URI as OpenIddict stores it: a path is taken on the issuer's origin.</summary>
    public static Uri? Resolve(string value, Uri issuer)
    {
        if (value.StartsWith('/') && !value.StartsWith("//", StringComparison.Ordinal) && !value.StartsWith("/\\", StringComparison.Ordinal))
        {
            return new Uri(issuer, value);
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Fragment.Length == 0 ? uri : null;
    }
}
