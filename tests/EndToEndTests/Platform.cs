using LearningPlatform.Gateway;
using LearningPlatform.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.EndToEndTests;

/// <summary>The LearningService on a real loopback port, so the gateways can proxy to it.</summary>
public sealed class KestrelLearningApi : LearningApiFactory
{
    public KestrelLearningApi() : base(kestrel: true)
    {
    }
}

/// <summary>
/// One gateway instance, in memory or (<see cref="StartOnLoopback"/>) on a real loopback port. Several instances given
/// the same Redis and key prefix share their rate limits.
/// </summary>
public sealed class GatewayFactory(
    IdentityHostFactory identity, Uri learningApi, string redis, string keyPrefix, int? appLimit, int? tokenLimit,
    Uri? secondLearningApi = null)
    : WebApplicationFactory<GatewayHost>
{
    /// <summary>Settings applied after the defaults (set before the first request).</summary>
    public Dictionary<string, string> Settings { get; } = [];

    /// <summary>Services of a test's own (e.g. an in-memory telemetry exporter), set before the first request.</summary>
    public Action<IServiceCollection>? ExtraServices { get; set; }

    /// <summary>Everything the gateway logged (levels as its settings say), for tests that read what an operator would.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>The loopback address once started with <see cref="StartOnLoopback"/>.</summary>
    public Uri? KestrelAddress { get; private set; }

    /// <summary>Starts the gateway on Kestrel, so clients connect over TCP (and it sees their real address).</summary>
    public Uri StartOnLoopback(int? port = null)
    {
        var chosen = port ?? TestEnvironment.FreePort();
        UseKestrel(chosen);
        StartServer();
        KestrelAddress = new Uri($"http://127.0.0.1:{chosen}/");
        return KestrelAddress;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // No load balancer to drain from: a test gateway stops at once (the shutdown tests set their own delay).
        builder.UseSetting("Shutdown:DrainDelay", "00:00:00");
        // Tokens name the issuer; the discovery document and keys come from the token server's own address.
        builder.UseSetting("Auth:Authority", identity.Issuer);
        builder.UseSetting("Auth:MetadataAddress", new Uri(identity.BaseAddress, "api/auth/.well-known/openid-configuration").ToString());
        builder.UseSetting("Auth:RequireHttpsMetadata", "false");
        builder.UseSetting("Redis:Configuration", redis);
        builder.UseSetting("Gateway:RateLimits:KeyPrefix", keyPrefix);
        // A limit left null keeps the production value (appsettings.json).
        if (appLimit is not null)
        {
            builder.UseSetting("Gateway:RateLimits:Policies:app:Limit", appLimit.ToString());
        }

        if (tokenLimit is not null)
        {
            builder.UseSetting("Gateway:RateLimits:Policies:token:Limit", tokenLimit.ToString());
        }

        builder.UseSetting("Gateway:RateLimits:Policies:auth:Limit", "1000");
        builder.UseSetting("Gateway:Introspection:Enabled", "true");
        builder.UseSetting("Gateway:Introspection:Endpoint", new Uri(identity.BaseAddress, "api/auth/connect/introspect").ToString());
        builder.UseSetting("Gateway:Introspection:ClientSecret", IdentityHostFactory.IntrospectionSecret);
        builder.UseSetting("Gateway:Introspection:CacheSeconds", "2");
        builder.UseSetting("ReverseProxy:Clusters:identity:Destinations:identity-1:Address", identity.BaseAddress.ToString());
        builder.UseSetting("ReverseProxy:Clusters:learning:Destinations:learning-1:Address", learningApi.ToString());
        if (secondLearningApi is not null)
        {
            builder.UseSetting("ReverseProxy:Clusters:learning:Destinations:learning-2:Address", secondLearningApi.ToString());
        }

        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        if (ExtraServices is { } services)
        {
            builder.ConfigureServices(services);
        }
    }

    public HttpClient Client(string? accessToken = null)
    {
        var client = KestrelAddress is null ? CreateClient() : new HttpClient { BaseAddress = KestrelAddress };
        if (accessToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", accessToken);
        }

        return client;
    }
}

/// <summary>The three hosts on loopback: token server, LearningService, and two gateway instances sharing Redis.</summary>
public class Platform : IAsyncLifetime
{
    public const int AppLimit = 40;
    public const int TokenLimit = 8;

    public KestrelIdentityHostFactory Identity { get; private set; } = null!;
    public KestrelLearningApi Api { get; } = new();
    public GatewayFactory GatewayA { get; private set; } = null!;
    public GatewayFactory GatewayB { get; private set; } = null!;
    public string KeyPrefix { get; } = TestEnvironment.UniqueName("lp:g") + ":";

    public async Task InitializeAsync()
    {
        Identity = await SharedIdentity.GetAsync();
        await Api.InitializeAsync();
        GatewayA = new GatewayFactory(Identity, Api.KestrelAddress!, TestEnvironment.Redis, KeyPrefix, AppLimit, TokenLimit);
        GatewayB = new GatewayFactory(Identity, Api.KestrelAddress!, TestEnvironment.Redis, KeyPrefix, AppLimit, TokenLimit);
    }

    public async Task DisposeAsync()
    {
        await GatewayA.DisposeAsync();
        await GatewayB.DisposeAsync();
        await Api.DisposeAsync();
    }
}
