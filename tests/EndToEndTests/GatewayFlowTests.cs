using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LearningPlatform.TestSupport;

namespace LearningPlatform.EndToEndTests;

[Trait("Category", "Redis")] // also run on a Redis Cluster (scripts/test.sh)
public class GatewayFlowTests(Platform platform) : IClassFixture<Platform>
{
    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) => new(fields.ToDictionary(f => f.Key, f => f.Value));

    [Fact]
    public async Task Register_token_exam_flow_refresh_and_revoke_all_through_the_gateway()
    {
        var gateway = platform.GatewayA.Client();
        var email = $"e2e-{Guid.NewGuid():N}@test.local";
        const string password = "an e2e password";

        (await gateway.PostAsJsonAsync("/api/auth/register", new { email, password, displayName = "Gateway learner" })).StatusCode.Should().Be(HttpStatusCode.Accepted);
        var tokens = await TokenSet.ReadAsync(await gateway.PostAsync("/api/auth/connect/token", Form(
            ("grant_type", "password"), ("username", email), ("password", password),
            ("client_id", "learning-mobile"), ("scope", "learning.app offline_access"))));

        var exam = await platform.Api.AddExamAsync(questions: 3);
        var learner = platform.GatewayB.Client(tokens.AccessToken);
        var started = await learner.StartOkAsync(exam.Id);
        started.Questions.Should().HaveCount(3);
        (await learner.GetFromJsonAsync<JsonElement>($"{ApiCalls.App}/profile")).GetProperty("displayName").GetString()
            .Should().Be("Gateway learner", "the name given at registration travels in the token");
        foreach (var question in started.Questions)
        {
            var answer = await learner.AnswerAsync(started.AttemptId, started.AttemptToken, question.Id, question.Choices[0].Id, 0);
            answer.StatusCode.Should().Be(HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
        }

        var complete = await learner.CompleteAsync(started.AttemptId, started.AttemptToken, Guid.NewGuid().ToString());
        complete.StatusCode.Should().Be(HttpStatusCode.OK);
        var result = await learner.GetAsync($"{ApiCalls.App}/exams/{exam.Id}/result");
        result.StatusCode.Should().Be(HttpStatusCode.OK);
        (await result.Content.ReadAsStringAsync()).Should().Contain("PENDING");
        (await platform.Api.Database.CountAsync($"select count(*) from exam_results where learner_id = '{tokens.UserId}'")).Should().Be(1);

        // Refresh through the gateway: a new pair; the old refresh token is spent.
        var refreshed = await TokenSet.ReadAsync(await gateway.PostAsync("/api/auth/connect/token", Form(
            ("grant_type", "refresh_token"), ("refresh_token", tokens.RefreshToken!), ("client_id", "learning-mobile"))));
        var fresh = platform.GatewayA.Client(refreshed.AccessToken);
        (await fresh.GetAsync($"{ApiCalls.App}/exams/{exam.Id}/result")).StatusCode.Should().Be(HttpStatusCode.OK);

        // Revoke the new access token: with introspection on, the gateway refuses it within the cache time.
        (await gateway.PostAsync("/api/auth/connect/revoke", Form(("token", refreshed.AccessToken), ("client_id", "learning-mobile"))))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        await RedisServerProcess.WaitUntilAsync(
            async () => (await fresh.GetAsync($"{ApiCalls.App}/exams/{exam.Id}/result")).StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(15), "the revoked token to be refused at the gateway");

        // Replaying the spent refresh token is refused, and (reuse means it leaked) the token family is revoked:
        // the refresh token issued in its place stops working too.
        var reuse = await gateway.PostAsync("/api/auth/connect/token", Form(
            ("grant_type", "refresh_token"), ("refresh_token", tokens.RefreshToken!), ("client_id", "learning-mobile")));
        reuse.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var afterReuse = await gateway.PostAsync("/api/auth/connect/token", Form(
            ("grant_type", "refresh_token"), ("refresh_token", refreshed.RefreshToken!), ("client_id", "learning-mobile")));
        afterReuse.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Learner_token_on_an_admin_route_is_forbidden_and_a_jobs_token_on_a_learner_route_too()
    {
        var learner = await platform.Identity.NewLearnerAsync();
        (await platform.GatewayA.Client(learner.AccessToken).GetAsync("/api/learning/admin/jobs")).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var jobs = await platform.Identity.JobsTokenAsync();
        (await platform.GatewayA.Client(jobs.AccessToken).GetAsync($"{ApiCalls.App}/exams/{Guid.NewGuid()}/result"))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Bad_tokens_are_unauthorized_at_the_gateway()
    {
        var real = (await platform.Identity.NewLearnerAsync()).AccessToken;
        var parts = real.Split('.');
        var tampered = $"{parts[0]}.{parts[1][..^2]}AA.{parts[2]}";
        var badTokens = new[]
        {
            SharedIdentity.MintWithServerKey(platform.Identity, Guid.NewGuid().ToString(), "learning.app", "learner", expires: DateTime.UtcNow.AddMinutes(-5)),
            SharedIdentity.MintWithServerKey(platform.Identity, Guid.NewGuid().ToString(), "learning.app", "learner", audience: "other-api"),
            // Signed with the server's key and otherwise valid, but never issued: introspection refuses it.
            SharedIdentity.MintWithServerKey(platform.Identity, Guid.NewGuid().ToString(), "learning.app", "learner"),
            tampered,
            $"{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode("{\"alg\":\"none\"}")}.{parts[1]}.",
        };

        foreach (var token in badTokens)
        {
            var response = await platform.GatewayA.Client(token).GetAsync($"{ApiCalls.App}/exams/{Guid.NewGuid()}/result");
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, token);
        }
    }

    [Fact]
    public async Task Correlation_id_goes_in_and_comes_back_out_and_swagger_passes_through()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/swagger/v1/swagger.json");
        request.Headers.Add("X-Request-Id", "trace-me-123");
        var response = await platform.GatewayA.Client().SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.GetValues("X-Request-Id").Should().Equal("trace-me-123");
        (await response.Content.ReadAsStringAsync()).Should().Contain("/api/learning/app/exams/{examId}/attempts");
    }

    [Fact]
    public async Task A_forged_or_hostile_request_id_is_replaced()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.TryAddWithoutValidation("X-Request-Id", "bad id with spaces and <script>");
        var response = await platform.GatewayA.Client().SendAsync(request);
        response.Headers.GetValues("X-Request-Id").Single().Should().NotContain(" ").And.NotBeEmpty();

        // A value that is not even ASCII is refused with the request (every header value must be printable ASCII).
        var nonAscii = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        nonAscii.Headers.TryAddWithoutValidation("X-Request-Id", "bad id \u00e9");
        await (await platform.GatewayA.Client().SendAsync(nonAscii)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "request.malformed");
    }

    [Fact]
    public async Task Oversized_bodies_are_refused_at_the_edge()
    {
        var learner = await platform.Identity.NewLearnerAsync();
        var big = new ByteArrayContent(new byte[2 * 1024 * 1024]);
        big.Headers.ContentType = new("application/json");
        var response = await platform.GatewayA.Client(learner.AccessToken).PostAsync($"{ApiCalls.App}/attempts/{Guid.NewGuid()}/responses", big);
        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
    }
}
