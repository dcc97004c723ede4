using LearningPlatform.TestSupport;

namespace LearningPlatform.WebApi.IntegrationTests.Ranking;

/// <summary>The WebApi without the nightly job, so only the tests trigger rankings.</summary>
public sealed class RankingApiFactory : LearningApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Ranking:Enabled", "false")];
}
