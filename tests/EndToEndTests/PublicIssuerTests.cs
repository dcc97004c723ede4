using System.Net;
using System.Text.Json;
using LearningPlatform.TestSupport;
using Microsoft.IdentityModel.JsonWebTokens;

namespace LearningPlatform.EndToEndTests;

/// <summary>The LearningService validating the public issuer, with the discovery document and keys read internally.</summary>
public sealed class PublicIssuerLearningApi(string publicIssuer, Uri internalMetadata, string? browserOrigin = null)
    : LearningApiFactory(kestrel: true)
{
    // browserOrigin: the gateway's own origin (a random port in tests), allowed to upload to the bucket from a browser.
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Auth:Authority", publicIssuer),
        new("Auth:MetadataAddress", internalMetadata.ToString()),
        .. browserOrigin is null ? [] : new KeyValuePair<string, string>[] { new("S3:BrowserOrigins:1", browserOrigin) },
    ];
}

/// <summary>
/// The deployed shape: the token server's issuer is the gateway's URL (<c>AuthServer:Issuer</c>), the gateway listens
/// there, and the gateway and the LearningService validate that issuer while reading keys from the token server itself.
/// </summary>
public sealed class PublicIssuerPlatform : IAsyncLifetime
{
    private readonly int _gatewayPort = TestEnvironment.FreePort();

    public string PublicIssuer => $"http://127.0.0.1:{_gatewayPort}/api/auth/";
    public KestrelIdentityHostFactory Identity { get; private set; } = null!;
    public PublicIssuerLearningApi Api { get; private set; } = null!;
    public GatewayFactory Gateway { get; private set; } = null!;
    public Uri GatewayAddress { get; private set; } = null!;
    public Uri InternalMetadata => new(Identity.BaseAddress, "api/auth/.well-known/openid-configuration");

    public async Task InitializeAsync()
    {
        Identity = new KestrelIdentityHostFactory(PublicIssuer);
        await Identity.InitializeAsync();
        Api = new PublicIssuerLearningApi(PublicIssuer, InternalMetadata);
        await Api.InitializeAsync();
        Gateway = new GatewayFactory(Identity, Api.KestrelAddress!, TestEnvironment.Redis, TestEnvironment.UniqueName("lp:pi") + ":",
            appLimit: 1000, tokenLimit: 1000);
        GatewayAddress = Gateway.StartOnLoopback(_gatewayPort);
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Api.DisposeAsync();
        await Identity.DisposeAsync();
    }
}

public class PublicIssuerTests(PublicIssuerPlatform platform) : IClassFixture<PublicIssuerPlatform>
{
    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) => new(fields.ToDictionary(f => f.Key, f => f.Value));

    [Fact]
    public async Task A_client_that_follows_discovery_through_the_gateway_signs_in_refreshes_and_calls_the_api_only_through_the_gateway()
    {
        const string password = "a public issuer password";
        var email = $"pi-{Guid.NewGuid():N}@test.local";
        using var client = new HttpClient();
        (await client.PostAsync(new Uri(platform.GatewayAddress, "api/auth/register"),
            JsonContent(new { email, password, displayName = "Public Issuer" }))).StatusCode.Should().Be(HttpStatusCode.Accepted);

        // A standard OpenID client starts from the issuer it was given and follows only what the document names.
        var discovery = await GetJsonAsync(client, new Uri(new Uri(platform.PublicIssuer), ".well-known/openid-configuration"));
        discovery.GetProperty("issuer").GetString().Should().Be(platform.PublicIssuer);
        foreach (var endpoint in new[] { "token_endpoint", "introspection_endpoint", "revocation_endpoint", "jwks_uri", "authorization_endpoint", "end_session_endpoint" })
        {
            discovery.GetProperty(endpoint).GetString().Should().StartWith(platform.PublicIssuer, endpoint);
        }

        var tokenEndpoint = discovery.GetProperty("token_endpoint").GetString()!;
        var keys = await GetJsonAsync(client, new Uri(discovery.GetProperty("jwks_uri").GetString()!));
        keys.GetProperty("keys").GetArrayLength().Should().BePositive();

        var signedIn = await TokenSet.ReadAsync(await client.PostAsync(tokenEndpoint, Form(
            ("grant_type", "password"), ("username", email), ("password", password),
            ("client_id", "learning-mobile"), ("scope", "learning.app offline_access"))));
        new JsonWebToken(signedIn.AccessToken).Issuer.Should().Be(platform.PublicIssuer);

        var refreshed = await TokenSet.ReadAsync(await client.PostAsync(tokenEndpoint, Form(
            ("grant_type", "refresh_token"), ("refresh_token", signedIn.RefreshToken!), ("client_id", "learning-mobile"))));
        refreshed.AccessToken.Should().NotBe(signedIn.AccessToken);

        // The token works on a learner route, through the gateway (which validates it, then the LearningService does).
        var exams = new HttpRequestMessage(HttpMethod.Get, new Uri(platform.GatewayAddress, "api/learning/app/exams"));
        exams.Headers.Authorization = new("Bearer", refreshed.AccessToken);
        var listed = await client.SendAsync(exams);
        listed.StatusCode.Should().Be(HttpStatusCode.OK, await listed.Content.ReadAsStringAsync());

        // Introspection and revocation at the discovered endpoints too.
        var introspected = await GetJsonAsync(client, discovery.GetProperty("introspection_endpoint").GetString()!, Form(
            ("token", refreshed.AccessToken), ("client_id", "learning-api"), ("client_secret", IdentityHostFactory.IntrospectionSecret)));
        introspected.GetProperty("active").GetBoolean().Should().BeTrue();
        (await client.PostAsync(discovery.GetProperty("revocation_endpoint").GetString(), Form(
            ("token", refreshed.RefreshToken!), ("client_id", "learning-mobile")))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.PostAsync(tokenEndpoint, Form(
            ("grant_type", "refresh_token"), ("refresh_token", refreshed.RefreshToken!), ("client_id", "learning-mobile"))))
            .StatusCode.Should().Be(HttpStatusCode.BadRequest, "the revoked refresh token is spent");
    }

    [Fact]
    public async Task The_admin_signs_in_with_the_code_flow_entirely_through_the_gateway_and_calls_the_admin_api()
    {
        // A browser that only ever talks to the gateway: the login page's cookies and relative redirects pass through it,
        // and the code arrives at {gateway}/admin/callback.
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() };
        using var browser = new CodeFlowBrowser(new HttpClient(handler) { BaseAddress = platform.GatewayAddress }, new Uri(platform.PublicIssuer));
        var pkce = Pkce.New();

        var redirect = await browser.SignInAsync(IdentityHostFactory.AdminEmail, IdentityHostFactory.AdminPassword, pkce);
        redirect.GetLeftPart(UriPartial.Path).Should().Be(new Uri(platform.GatewayAddress, "admin/callback").ToString());
        handler.CookieContainer.GetCookies(new Uri(platform.GatewayAddress, "api/auth/")).Select(c => c.Name)
            .Should().Contain(["lp.signin", "lp.antiforgery"]);
        handler.CookieContainer.GetCookies(new Uri(platform.GatewayAddress, "api/learning/")).Should().BeEmpty("the cookies are for the token server only");

        var tokens = await TokenSet.ReadAsync(await browser.RedeemAsync(CodeFlowBrowser.Parameter(redirect, "code")!, pkce.Verifier));
        new JsonWebToken(tokens.AccessToken).Issuer.Should().Be(platform.PublicIssuer);
        var jobs = new HttpRequestMessage(HttpMethod.Get, new Uri(platform.GatewayAddress, "api/learning/admin/jobs"));
        jobs.Headers.Authorization = new("Bearer", tokens.AccessToken);
        var answer = await browser.Http.SendAsync(jobs);
        answer.StatusCode.Should().Be(HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_caller_of_the_token_server_cannot_choose_the_addresses_it_advertises()
    {
        using var client = new HttpClient();
        var request = new HttpRequestMessage(HttpMethod.Get, platform.InternalMetadata);
        request.Headers.Host = "evil.example";
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        request.Headers.Add("X-Forwarded-Proto", "https");
        var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadAsStringAsync();
        body.Should().NotContain("evil.example");
        using var document = JsonDocument.Parse(body);
        document.RootElement.GetProperty("token_endpoint").GetString().Should().Be(platform.PublicIssuer + "connect/token");
        document.RootElement.GetProperty("jwks_uri").GetString().Should().Be(platform.PublicIssuer + ".well-known/jwks");
    }

    [Fact]
    public async Task With_a_metadata_address_the_gateway_reads_the_keys_internally_even_when_the_public_address_is_unreachable()
    {
        // An issuer at an address where nothing listens: only the internal metadata address can give the keys.
        var unreachableIssuer = $"http://127.0.0.1:{TestEnvironment.FreePort()}/api/auth/";
        await using var identity = new KestrelIdentityHostFactory(unreachableIssuer);
        await identity.InitializeAsync();
        // The LearningService behind it is unreachable as well: a forwarded request (a token the gateway accepted) is 502.
        await using var gateway = new GatewayFactory(identity, new Uri($"http://127.0.0.1:{TestEnvironment.FreePort()}/"),
            TestEnvironment.Redis, TestEnvironment.UniqueName("lp:pj") + ":", appLimit: 1000, tokenLimit: 1000);
        var learner = await identity.NewLearnerAsync();
        new JsonWebToken(learner.AccessToken).Issuer.Should().Be(unreachableIssuer);

        var response = await gateway.Client(learner.AccessToken).GetAsync($"{ApiCalls.App}/exams");

        await response.ShouldBeProblemAsync(HttpStatusCode.BadGateway, "upstream.unavailable");
        await (await gateway.Client(SharedIdentity.MintWithServerKey(identity, Guid.NewGuid().ToString(), "learning.app", "learner",
                expires: DateTime.UtcNow.AddMinutes(-5))).GetAsync($"{ApiCalls.App}/exams"))
            .ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "auth.unauthenticated");
    }

    private static StringContent JsonContent(object value) =>
        new(JsonSerializer.Serialize(value), System.Text.Encoding.UTF8, "application/json");

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, Uri uri)
    {
        var response = await client.GetAsync(uri);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string uri, HttpContent form)
    {
        var response = await client.PostAsync(uri, form);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
