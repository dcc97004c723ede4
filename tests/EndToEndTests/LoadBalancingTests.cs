using System.Net;
using LearningPlatform.TestSupport;

namespace LearningPlatform.EndToEndTests;

[Trait("Category", "Redis")] // also run on a Redis Cluster (scripts/test.sh)
public class LoadBalancingTests : IAsyncLifetime
{
    private readonly KestrelLearningApi _first = new();
    private readonly KestrelLearningApi _second = new();
    private GatewayFactory _gateway = null!;
    private IdentityHostFactory _identity = null!;

    public async Task InitializeAsync()
    {
        _identity = await SharedIdentity.GetAsync();
        await _first.InitializeAsync();
        await _second.InitializeAsync();
        _gateway = new GatewayFactory(_identity, _first.KestrelAddress!, TestEnvironment.Redis,
            TestEnvironment.UniqueName("lp:lb") + ":", appLimit: 1000, tokenLimit: 100, secondLearningApi: _second.KestrelAddress!);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    [Fact]
    public async Task Requests_are_spread_over_every_LearningService_instance()
    {
        // The exam exists only in the first instance's database: its "no result yet" tells the instances apart.
        var exam = await _first.AddExamAsync();
        var client = _gateway.Client((await _identity.NewLearnerAsync()).AccessToken);

        var codes = new List<string?>();
        for (var i = 0; i < 10; i++)
        {
            var response = await client.GetAsync($"{ApiCalls.App}/exams/{exam.Id}/result");
            response.StatusCode.Should().Be(HttpStatusCode.NotFound);
            codes.Add(await response.ProblemCodeAsync());
        }

        codes.Count(c => c == "result.not_found").Should().Be(5, "round robin over two instances");
        codes.Count(c => c == "exam.not_found").Should().Be(5);
    }
}
