using System.Net;
using LearningPlatform.WebApi.IntegrationTests.Support;

namespace LearningPlatform.WebApi.IntegrationTests.Attempts;

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

    [Fact]
    public async Task No_token_is_unauthorized() =>
        (await StartWithTokenAsync(null)).Should().Be(HttpStatusCode.Unauthorized);

    [Fact]
    public async Task Token_signed_with_another_key_is_unauthorized() =>
        (await StartWithTokenAsync(TestTokens.Mint(Guid.NewGuid(), "learning.app", "learner",
            key: Convert.ToBase64String(new byte[32])))).Should().Be(HttpStatusCode.Unauthorized);

    [Fact]
    public async Task Token_for_another_audience_is_unauthorized() =>
        (await StartWithTokenAsync(TestTokens.Mint(Guid.NewGuid(), "learning.app", "learner", audience: "other-api")))
            .Should().Be(HttpStatusCode.Unauthorized);

    [Fact]
    public async Task Expired_token_is_unauthorized() =>
        (await StartWithTokenAsync(TestTokens.Mint(Guid.NewGuid(), "learning.app", "learner", expires: DateTime.UtcNow.AddMinutes(-5))))
            .Should().Be(HttpStatusCode.Unauthorized);

    [Fact]
    public async Task Unsigned_token_is_unauthorized()
    {
        static string B64(string s) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var unsigned = B64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." +
            B64($"{{\"sub\":\"{Guid.NewGuid()}\",\"scope\":\"learning.app\",\"aud\":\"learning-api\",\"iss\":\"{TestTokens.Issuer}\",\"exp\":{exp}}}") + ".";
        (await StartWithTokenAsync(unsigned)).Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Token_without_the_app_scope_is_forbidden() =>
        (await StartWithTokenAsync(TestTokens.Mint(Guid.NewGuid(), "learning.admin", "admin"))).Should().Be(HttpStatusCode.Forbidden);

    [Fact]
    public async Task Valid_learner_token_is_accepted() =>
        (await StartWithTokenAsync(TestTokens.Learner(Guid.NewGuid()))).Should().Be(HttpStatusCode.Created);
}
