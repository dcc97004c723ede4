using System.Net.Http.Headers;
using System.Text;
using LearningPlatform.TestSupport;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Identity.IntegrationTests;

/// <summary>
/// No control character in any OAuth parameter: refused as invalid_request, in OAuth's shape, before OpenIddict or
/// the passthrough looks anything up (a NUL used to reach PostgreSQL and answer 500).
/// </summary>
public class TokenRequestInputTests(LoggingIdentityHostFactory identity) : IClassFixture<LoggingIdentityHostFactory>
{
    private static readonly (string Key, string Value)[] PasswordGrant =
    [
        ("grant_type", "password"), ("client_id", "learning-mobile"), ("username", "someone@example.test"),
        ("password", "some password"), ("scope", "learning.app offline_access"),
    ];

    [Theory]
    [InlineData("username", "a\u0000b@x.test")]
    [InlineData("password", "pass\u0000word!!")]
    [InlineData("client_id", "learning\u0000mobile")]
    [InlineData("scope", "learning.app\u0000")]
    [InlineData("grant_type", "pass\u0000word")]
    [InlineData("unused_extension", "x\u0000y")]
    [InlineData("username", "a\u0001b@x.test")]
    [InlineData("username", "red\u001b[31m@x.test")]
    [InlineData("scope", "learning.app\u007f")]
    public async Task A_control_character_in_any_password_grant_parameter_is_invalid_request(string parameter, string value)
    {
        var fields = PasswordGrant.Where(f => f.Key != parameter).Append((parameter, value)).ToArray();
        using var client = identity.Client();
        var mark = identity.Logs.Mark;

        var response = await client.PostAsync("api/auth/connect/token", Http.Form(fields));

        await response.ShouldBeOAuthErrorAsync(400, "invalid_request", "oauth.invalid_request");
        identity.Logs.Since(mark).Should().NotContain(e => e.Level >= LogLevel.Warning || e.Exception != null);
    }

    [Fact]
    public async Task A_NUL_in_a_refresh_token_is_invalid_request_and_the_real_one_still_works()
    {
        var tokens = await identity.NewLearnerAsync();
        using var client = identity.Client();

        var response = await client.PostAsync("api/auth/connect/token", Http.Form(
            ("grant_type", "refresh_token"), ("client_id", "learning-mobile"), ("refresh_token", tokens.RefreshToken + "\u0000")));

        await response.ShouldBeOAuthErrorAsync(400, "invalid_request", "oauth.invalid_request");
        var refreshed = await TokenSet.ReadAsync(await client.PostAsync("api/auth/connect/token", Http.Form(
            ("grant_type", "refresh_token"), ("client_id", "learning-mobile"), ("refresh_token", tokens.RefreshToken!))));
        refreshed.Subject.Should().Be(tokens.Subject, "the refused request spent nothing");
    }

    [Fact]
    public async Task A_NUL_in_basic_client_credentials_is_invalid_request()
    {
        using var client = identity.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/auth/connect/token")
        {
            Content = Http.Form(("grant_type", "client_credentials"), ("scope", "learning.jobs")),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"learning%00jobs:{IdentityHostFactory.JobsSecret}")));

        var response = await client.SendAsync(request);

        (await response.ShouldBeOAuthErrorAsync(400, "invalid_request", "oauth.invalid_request"))
            .GetProperty("error_description").GetString().Should().Contain("client_id");
    }

    [Fact]
    public async Task Revocation_and_introspection_refuse_control_characters_too()
    {
        using var client = identity.Client();

        await (await client.PostAsync("api/auth/connect/revoke", Http.Form(("token", "a\u0000b"), ("client_id", "learning-mobile"))))
            .ShouldBeOAuthErrorAsync(400, "invalid_request", "oauth.invalid_request");
        await (await client.PostAsync("api/auth/connect/introspect", Http.Form(
                ("token", "a\u0001b"), ("client_id", "learning-api"), ("client_secret", IdentityHostFactory.IntrospectionSecret))))
            .ShouldBeOAuthErrorAsync(400, "invalid_request", "oauth.invalid_request");
        await (await client.GetAsync(
                $"api/auth/connect/introspect?token=a%00b&client_id=learning-api&client_secret={IdentityHostFactory.IntrospectionSecret}"))
            .ShouldBeOAuthErrorAsync(400, "invalid_request", "oauth.invalid_request");
    }
}
