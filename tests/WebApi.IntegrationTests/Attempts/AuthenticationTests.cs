using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using LearningPlatform.TestSupport;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LearningPlatform.WebApi.IntegrationTests.Attempts;

/// <summary>The WebApi validates tokens itself (defence in depth), whatever the gateway did.</summary>
public class AuthenticationTests(LearningApiFactory api) : IClassFixture<LearningApiFactory>
{
    private async Task<HttpStatusCode> StartWithTokenAsync(string? token)
    {
        var exam = await api.AddExamAsync(questions: 1);
        var client = api.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }

        return (await client.StartAsync(exam.Id, Guid.NewGuid().ToString())).StatusCode;
    }

    private static string B64(string s) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(s));

    [Fact]
    public async Task Token_from_the_token_server_is_accepted() =>
        (await StartWithTokenAsync((await api.Identity.NewLearnerAsync()).AccessToken)).Should().Be(HttpStatusCode.Created);

    [Fact]
    public async Task No_token_is_unauthorized() =>
        (await StartWithTokenAsync(null)).Should().Be(HttpStatusCode.Unauthorized);

    [Fact]
    public async Task Token_signed_with_another_key_is_unauthorized()
    {
        var forged = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = api.Identity.Issuer,
            Audience = "learning-api",
            Subject = new ClaimsIdentity([new Claim("sub", Guid.NewGuid().ToString()), new Claim("scope", "learning.app")]),
            Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(RSA.Create(2048)), SecurityAlgorithms.RsaSha256),
        });
        (await StartWithTokenAsync(forged)).Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Tampered_token_is_unauthorized()
    {
        var real = (await api.Identity.NewLearnerAsync()).AccessToken.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(real[1]));
        var tampered = payload.Replace("\"learner\"", "\"admin\"");
        tampered.Should().NotBe(payload);
        (await StartWithTokenAsync($"{real[0]}.{B64(tampered)}.{real[2]}")).Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Token_for_another_audience_is_unauthorized() =>
        (await StartWithTokenAsync(SharedIdentity.MintWithServerKey(api.Identity, Guid.NewGuid().ToString(), "learning.app", "learner", audience: "other-api")))
            .Should().Be(HttpStatusCode.Unauthorized);

    [Fact]
    public async Task Expired_token_is_unauthorized() =>
        (await StartWithTokenAsync(SharedIdentity.MintWithServerKey(api.Identity, Guid.NewGuid().ToString(), "learning.app", "learner", expires: DateTime.UtcNow.AddMinutes(-5))))
            .Should().Be(HttpStatusCode.Unauthorized);

    [Fact]
    public async Task Unsigned_token_is_unauthorized()
    {
        var exp = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        var unsigned = B64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." +
            B64($"{{\"sub\":\"{Guid.NewGuid()}\",\"scope\":\"learning.app\",\"aud\":\"learning-api\",\"iss\":\"{api.Identity.Issuer}\",\"exp\":{exp}}}") + ".";
        (await StartWithTokenAsync(unsigned)).Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Admin_token_without_the_app_scope_is_forbidden_on_learner_routes() =>
        (await StartWithTokenAsync((await api.Identity.AdminAsync()).AccessToken)).Should().Be(HttpStatusCode.Forbidden);

    [Fact]
    public async Task Jobs_client_token_is_forbidden_on_learner_routes() =>
        (await StartWithTokenAsync((await api.Identity.JobsTokenAsync()).AccessToken)).Should().Be(HttpStatusCode.Forbidden);
}
