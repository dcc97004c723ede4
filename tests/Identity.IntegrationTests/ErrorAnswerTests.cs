using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Identity.IntegrationTests;

/// <summary>
/// What the token server answers outside the OAuth protocol: ProblemDetails with a stable code. And on its OAuth
/// endpoints: OAuth's error shape, with a code too. On Kestrel, whose request body limit the in-memory server lacks.
/// </summary>
public class ErrorAnswerTests(KestrelLoggingIdentityHostFactory identity) : IClassFixture<KestrelLoggingIdentityHostFactory>
{
    [Fact]
    public async Task Malformed_json_to_register_is_400_request_malformed()
    {
        using var client = identity.Client();
        var response = await client.PostAsync("api/auth/register", new StringContent("{\"email\":", Encoding.UTF8, "application/json"));

        (await response.ShouldBeProblemAsync(400, "request.malformed")).GetProperty("detail").GetString().Should().Contain("JSON");
    }

    [Fact]
    public async Task A_register_call_without_a_body_is_400_request_malformed()
    {
        using var client = identity.Client();
        var response = await client.PostAsync("api/auth/register", new StringContent("", Encoding.UTF8, "application/json"));

        await response.ShouldBeProblemAsync(400, "request.malformed");
    }

    [Fact]
    public async Task Register_in_another_media_type_is_415_request_unsupported_media_type()
    {
        using var client = identity.Client();
        var response = await client.PostAsync("api/auth/register", new StringContent("email=a@example.test", Encoding.UTF8, "text/plain"));

        await response.ShouldBeProblemAsync(415, "request.unsupported_media_type");
    }

    [Theory]
    [InlineData("api/auth/nothing-here")]
    [InlineData("api/auth/connect/nothing-here")]
    [InlineData("elsewhere")]
    public async Task An_unknown_route_is_404_route_not_found(string path)
    {
        using var client = identity.Client();
        await (await client.GetAsync(path)).ShouldBeProblemAsync(404, "route.not_found");
    }

    [Fact]
    public async Task Another_method_on_register_is_405_route_method_not_allowed()
    {
        using var client = identity.Client();
        await (await client.GetAsync("api/auth/register")).ShouldBeProblemAsync(405, "route.method_not_allowed");
    }

    [Fact]
    public async Task An_oversized_register_body_is_413_request_too_large()
    {
        using var client = identity.Client();
        var body = JsonContent.Create(new { email = "big@example.test", password = string.Concat(Enumerable.Repeat("pass word ", 2_000)) });

        await (await client.PostAsync("api/auth/register", body)).ShouldBeProblemAsync(413, "request.too_large");
    }

    [Fact]
    public async Task An_oversized_token_request_is_413_in_the_oauth_shape()
    {
        using var client = identity.Client();
        var response = await client.PostAsync("api/auth/connect/token", Http.Form(
            ("grant_type", "password"), ("client_id", "learning-mobile"), ("username", "a@example.test"), ("password", string.Concat(Enumerable.Repeat("pass word ", 2_000)))));

        await response.ShouldBeOAuthErrorAsync(413, "invalid_request", "request.too_large");
    }

    [Fact]
    public async Task OpenIddicts_own_refusals_keep_the_oauth_shape_and_carry_a_code()
    {
        using var client = identity.Client();
        var mark = identity.Logs.Mark;

        await (await client.PostAsync("api/auth/connect/token", Http.Form(("client_id", "learning-mobile"))))
            .ShouldBeOAuthErrorAsync(400, "invalid_request", "oauth.invalid_request");
        await (await client.GetAsync("api/auth/connect/token?grant_type=password"))
            .ShouldBeOAuthErrorAsync(400, "invalid_request", "oauth.invalid_request");
        await (await client.PostAsync("api/auth/connect/token", new StringContent("{}", Encoding.UTF8, "application/json")))
            .ShouldBeOAuthErrorAsync(400, "invalid_request", "oauth.invalid_request");
        await (await client.PostAsync("api/auth/connect/token", Http.Form(
                ("grant_type", "password"), ("client_id", "no-such-client"), ("username", "a@example.test"), ("password", "whatever pass"))))
            .ShouldBeOAuthErrorAsync(401, "invalid_client", "oauth.invalid_client");
        await (await client.PostAsync("api/auth/connect/token", Http.Form(
                ("grant_type", "password"), ("client_id", "learning-mobile"), ("username", "nobody@example.test"), ("password", "whatever pass"))))
            .ShouldBeOAuthErrorAsync(400, "invalid_grant", "oauth.invalid_grant");
        await (await client.PostAsync("api/auth/connect/token", Http.Form(("grant_type", "urn:example:unknown"), ("client_id", "learning-mobile"))))
            .ShouldBeOAuthErrorAsync(400, "unsupported_grant_type", "oauth.unsupported_grant_type");
        await (await client.PostAsync("api/auth/connect/revoke", Http.Form(("client_id", "learning-mobile"))))
            .ShouldBeOAuthErrorAsync(400, "invalid_request", "oauth.invalid_request");

        identity.Logs.Since(mark).Should().NotContain(e => e.Level >= LogLevel.Warning || e.Exception != null);
    }

    [Fact]
    public async Task Readiness_checks_AuthDB()
    {
        using var client = identity.Client();
        var ready = await client.GetAsync("health/ready");
        var live = await client.GetAsync("health/live");

        ready.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        var json = await ready.JsonAsync();
        json.GetProperty("status").GetString().Should().Be("ready");
        json.GetProperty("checks").GetProperty("authdb").GetString().Should().Be("Healthy");
        live.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
    }
}
