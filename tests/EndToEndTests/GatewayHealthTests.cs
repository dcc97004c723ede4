using System.Net;
using LearningPlatform.TestSupport;

namespace LearningPlatform.EndToEndTests;

public class GatewayHealthTests(Platform platform) : IClassFixture<Platform>
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/api/learning/health/live")]
    [InlineData("/api/learning/health/ready")]
    [InlineData("/api/auth/health/live")]
    public async Task Health_of_the_gateway_and_of_each_service_answers_through_the_gateway_without_a_token(string path)
    {
        var response = await platform.GatewayA.Client().GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK, path);
        (await response.Content.ReadAsStringAsync()).Should().NotBeEmpty();
    }

    [Fact]
    public async Task A_service_outage_shows_in_its_own_readiness_and_not_in_the_gateways()
    {
        await using var gateway = new GatewayFactory(platform.Identity, new Uri($"http://127.0.0.1:{TestEnvironment.FreePort()}/"),
            TestEnvironment.Redis, TestEnvironment.UniqueName("lp:gh") + ":", appLimit: 100, tokenLimit: 100);
        var client = gateway.Client();

        (await client.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK, "the gateway itself can serve");
        await (await client.GetAsync("/api/learning/health/ready")).ShouldBeProblemAsync(HttpStatusCode.BadGateway, "upstream.unavailable");
        (await client.GetAsync("/api/auth/health/live")).StatusCode.Should().Be(HttpStatusCode.OK, "the token server is still up");
    }
}
