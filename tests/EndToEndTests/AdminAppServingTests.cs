using System.Net;
using System.Text.RegularExpressions;
using LearningPlatform.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace LearningPlatform.EndToEndTests;

/// <summary>
/// The gateway serves the admin SPA under /admin/ on the API's origin: the page, its hashed assets, client routes
/// (deep links) and the headers that make caching and the browser's policy right.
/// </summary>
public sealed partial class AdminAppServingTests : IDisposable
{
    private const string Page = """<!doctype html><html><head><script type="module" src="/admin/assets/index-Ab12Cd34.js"></script></head><body><div id="root"></div></body></html>""";
    private readonly string _build = Directory.CreateTempSubdirectory("lp-admin-build-").FullName;

    public AdminAppServingTests()
    {
        File.WriteAllText(Path.Combine(_build, "index.html"), Page);
        Directory.CreateDirectory(Path.Combine(_build, "assets"));
        File.WriteAllText(Path.Combine(_build, "assets", "index-Ab12Cd34.js"), "console.log('admin');");
    }

    public void Dispose() => Directory.Delete(_build, recursive: true);

    private static async Task<GatewayFactory> GatewayAsync(string? build, params (string Key, string Value)[] settings) =>
        NewGateway(await SharedIdentity.GetAsync(), build, settings);

    private static GatewayFactory NewGateway(IdentityHostFactory identity, string? build, params (string Key, string Value)[] settings)
    {
        var gateway = new GatewayFactory(identity, new Uri("http://127.0.0.1:9/"), TestEnvironment.Redis,
            TestEnvironment.UniqueName("lp:ga") + ":", appLimit: null, tokenLimit: null);
        if (build is not null)
        {
            gateway.Settings["AdminApp:Path"] = build;
        }

        foreach (var (key, value) in settings)
        {
            gateway.Settings[key] = value;
        }

        return gateway;
    }

    [Fact]
    public async Task The_app_page_is_served_at_admin_revalidated_each_time_with_a_content_security_policy()
    {
        await using var gateway = await GatewayAsync(_build, ("AdminApp:ConnectSources:0", "http://127.0.0.1:54569"));

        var response = await gateway.Client().GetAsync("/admin/");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await response.Content.ReadAsStringAsync()).Should().Be(Page);
        response.Headers.CacheControl!.NoCache.Should().BeTrue("a new build must be picked up at once");
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        policy.Should().Contain("script-src 'self';").And.Contain("connect-src 'self' http://127.0.0.1:54569;")
            .And.Contain("frame-ancestors 'none'").And.Contain("object-src 'none'");
        response.Headers.GetValues("X-Frame-Options").Single().Should().Be("DENY");
        response.Headers.GetValues("Referrer-Policy").Single().Should().Be("no-referrer", "the callback's query carries the code");
        response.Headers.GetValues("X-Content-Type-Options").Single().Should().Be("nosniff");
    }

    [Theory]
    [InlineData("/admin/exams")]
    [InlineData("/admin/rankings/0b7c3e52-5d1e-4f7a-9a57-3f0d2c6a1e01")]
    [InlineData("/admin/callback?code=abc&state=xyz")]
    public async Task A_deep_link_to_a_client_route_gets_the_app_page(string path)
    {
        await using var gateway = await GatewayAsync(_build);

        var response = await gateway.Client().GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be(Page);
        response.Headers.CacheControl!.NoCache.Should().BeTrue();
        response.Headers.Contains("Content-Security-Policy").Should().BeTrue();
    }

    [Fact]
    public async Task A_hashed_asset_is_cached_for_good()
    {
        await using var gateway = await GatewayAsync(_build);

        var response = await gateway.Client().GetAsync("/admin/assets/index-Ab12Cd34.js");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/javascript");
        (await response.Content.ReadAsStringAsync()).Should().Be("console.log('admin');");
        response.Headers.CacheControl!.Public.Should().BeTrue();
        response.Headers.CacheControl.MaxAge.Should().Be(TimeSpan.FromDays(365));
        response.Headers.GetValues("Cache-Control").Single().Should().Contain("immutable");
        response.Headers.GetValues("X-Content-Type-Options").Single().Should().Be("nosniff");
    }

    [Fact]
    public async Task A_missing_asset_is_404_and_not_the_app_page()
    {
        await using var gateway = await GatewayAsync(_build);

        var response = await gateway.Client().GetAsync("/admin/assets/index-Gone0000.js");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().NotContain("<div id=\"root\">");
    }

    [Fact]
    public async Task Admin_without_its_slash_redirects_to_the_app_and_only_GET_reaches_a_client_route()
    {
        await using var gateway = await GatewayAsync(_build);
        var client = gateway.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var bare = await client.GetAsync("/admin");
        bare.StatusCode.Should().Be(HttpStatusCode.MovedPermanently);
        bare.Headers.Location!.ToString().Should().Be("/admin/");

        var post = await client.PostAsync("/admin/exams", new StringContent("{}"));
        post.StatusCode.Should().BeOneOf(HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed);
        (await post.Content.ReadAsStringAsync()).Should().NotContain("<div id=\"root\">");
    }

    [Fact]
    public async Task Without_a_build_path_the_gateway_serves_no_admin_app_and_the_API_routes_are_unchanged()
    {
        await using var gateway = await GatewayAsync(build: null);
        var client = gateway.Client();

        (await client.GetAsync("/admin/")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await client.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_connect_source_that_is_not_an_origin_stops_the_host_at_start_naming_its_key()
    {
        var identity = await SharedIdentity.GetAsync();

        var refusal = HostStart.FailureOf(() => NewGateway(identity, _build, ("AdminApp:ConnectSources:0", "http://127.0.0.1:54569/bucket")));

        refusal.Should().BeOfType<OptionsValidationException>().Which.Message.Should().Contain("AdminApp:ConnectSources");
    }

    /// <summary>The real build (scripts/test.sh runs `npm ci && npm run build` when web/admin changed): it works under /admin/.</summary>
    [Fact]
    public async Task The_built_admin_app_is_served_with_its_script_under_admin()
    {
        var dist = Path.Combine(TestEnvironment.RepositoryRoot(), "web", "admin", "dist");
        File.Exists(Path.Combine(dist, "index.html")).Should().BeTrue("scripts/test.sh builds web/admin before the tests");
        await using var gateway = await GatewayAsync(dist);
        var client = gateway.Client();

        var page = await client.GetStringAsync("/admin/questions");
        var script = ScriptSource().Match(page);
        script.Success.Should().BeTrue("the page loads its bundle from /admin/assets/: " + page);

        var bundle = await client.GetAsync(script.Groups[1].Value);
        bundle.StatusCode.Should().Be(HttpStatusCode.OK);
        bundle.Headers.GetValues("Cache-Control").Single().Should().Contain("immutable");
        (await bundle.Content.ReadAsStringAsync()).Should().Contain("learning-admin", "the bundle holds the app's OIDC client id");
    }

    [GeneratedRegex("""<script type="module" crossorigin src="(/admin/assets/[^"]+\.js)">""")]
    private static partial Regex ScriptSource();
}
