using System.Net.Http.Json;
using System.Text.Json;
using LearningPlatform.Identity;
using Microsoft.AspNetCore.Hosting;

namespace LearningPlatform.TestSupport;

/// <summary>
/// The real AuthService (OpenIddict + Identity) on an AuthDB of its own, with development keys in a temporary
/// directory. <see cref="Kestrel"/> puts it on a real loopback port (for hosts that fetch its metadata over HTTP);
/// otherwise it runs in memory.
/// </summary>
public class IdentityHostFactory : HostFactory<IdentityHost>
{
    public const string JobsSecret = "test-jobs-secret";
    public const string IntrospectionSecret = "test-introspection-secret";
    public const string AdminEmail = "admin@test.local";
    public const string AdminPassword = "admin-password-123";

    private readonly string _keys = Directory.CreateTempSubdirectory("lp-keys").FullName;
    private readonly string? _publicIssuer;

    public IdentityHostFactory() : this(kestrel: false)
    {
    }

    /// <summary><paramref name="publicIssuer"/>: the issuer clients see (a gateway's URL); by default the host's own.</summary>
    protected IdentityHostFactory(bool kestrel, string? publicIssuer = null) : base("lp_auth", kestrel) => _publicIssuer = publicIssuer;

    /// <summary>Where the host answers: a loopback URL with Kestrel, the in-memory base address otherwise.</summary>
    public Uri BaseAddress => KestrelAddress ?? new Uri("http://localhost/");

    public string Issuer => _publicIssuer ?? new Uri(BaseAddress, "api/auth/").ToString();

    /// <summary>A second host on the same AuthDB and keys behaves like this one after a restart.</summary>
    public string KeysDirectory => _keys;

    public string ConnectionString => Database.ConnectionString;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_keys, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // No load balancer to drain from: a test host stops at once (the shutdown tests set their own delay).
        builder.UseSetting("Shutdown:DrainDelay", "00:00:00");
        builder.UseSetting("ConnectionStrings:AuthDb", Database.ConnectionString);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("AuthServer:Issuer", Issuer);
        builder.UseSetting("AuthServer:Keys:Directory", _keys);
        builder.UseSetting("AuthServer:Clients:2:ClientId", "learning-jobs");
        builder.UseSetting("AuthServer:Clients:2:ClientSecret", JobsSecret);
        builder.UseSetting("AuthServer:Clients:2:Grants:0", "client_credentials");
        builder.UseSetting("AuthServer:Clients:2:Scopes:0", "learning.jobs");
        builder.UseSetting("AuthServer:Clients:3:ClientId", "learning-api");
        builder.UseSetting("AuthServer:Clients:3:ClientSecret", IntrospectionSecret);
        builder.UseSetting("AuthServer:Clients:3:Introspection", "true");
        builder.UseSetting("AuthServer:Seed:AdminEmail", AdminEmail);
        builder.UseSetting("AuthServer:Seed:AdminPassword", AdminPassword);
    }

    public HttpClient Client() => KestrelAddress is not null ? new HttpClient { BaseAddress = KestrelAddress } : CreateClient();

    /// <summary>A display name that registration accepts, different for every learner.</summary>
    public static string NewDisplayName() => $"Learner {Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>
    /// Registers a learner (named <paramref name="displayName"/>, or a fresh <see cref="NewDisplayName"/>) and returns
    /// their password-grant tokens (with a refresh token).
    /// </summary>
    public async Task<TokenSet> NewLearnerAsync(string? email = null, string password = "correct horse battery", string? displayName = null)
    {
        email ??= $"learner-{Guid.NewGuid():N}@test.local";
        displayName ??= NewDisplayName();
        using var client = Client();
        var registered = await client.PostAsJsonAsync("api/auth/register", new { email, password, displayName });
        if ((int)registered.StatusCode != 202)
        {
            throw new InvalidOperationException($"Register failed: {registered.StatusCode} {await registered.Content.ReadAsStringAsync()}");
        }

        return await PasswordTokenAsync(email, password);
    }

    /// <summary>
    /// The seeded admin's tokens as the admin SPA gets them: authorization code + PKCE through the login page (the
    /// <c>learning-admin</c> client has no password grant).
    /// </summary>
    public async Task<TokenSet> AdminAsync()
    {
        using var browser = Browser();
        return await browser.TokensAsync(AdminEmail, AdminPassword);
    }

    /// <summary>A fresh browser (its own cookies, redirects not followed) on this token server.</summary>
    public CodeFlowBrowser Browser()
    {
        var http = KestrelAddress is not null
            ? new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() }) { BaseAddress = KestrelAddress }
            : CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        return new CodeFlowBrowser(http, new Uri(Issuer));
    }

    public async Task<TokenSet> PasswordTokenAsync(
        string email, string password, string clientId = "learning-mobile", string scope = "learning.app offline_access")
    {
        using var client = Client();
        var response = await client.PostAsync("api/auth/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = email,
            ["password"] = password,
            ["client_id"] = clientId,
            ["scope"] = scope,
        }));
        return await TokenSet.ReadAsync(response);
    }

    public async Task<TokenSet> JobsTokenAsync()
    {
        using var client = Client();
        var response = await client.PostAsync("api/auth/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "learning-jobs",
            ["client_secret"] = JobsSecret,
            ["scope"] = "learning.jobs",
        }));
        return await TokenSet.ReadAsync(response);
    }
}

/// <summary>The Identity host on a real loopback port.</summary>
public sealed class KestrelIdentityHostFactory : IdentityHostFactory
{
    public KestrelIdentityHostFactory() : base(kestrel: true)
    {
    }

    /// <summary>A token server whose public issuer is another address (the gateway in front of it).</summary>
    public KestrelIdentityHostFactory(string publicIssuer) : base(kestrel: true, publicIssuer)
    {
    }
}

public sealed record TokenSet(string AccessToken, string? RefreshToken, int ExpiresIn, string Subject)
{
    public static async Task<TokenSet> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Token request failed: {(int)response.StatusCode} {body}");
        }

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var access = root.GetProperty("access_token").GetString()!;
        var subject = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(access).Subject;
        return new TokenSet(
            access,
            root.TryGetProperty("refresh_token", out var refresh) ? refresh.GetString() : null,
            root.GetProperty("expires_in").GetInt32(),
            subject);
    }

    public Guid UserId => Guid.Parse(Subject);
}
