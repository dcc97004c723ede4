using LearningPlatform.TestSupport;

namespace LearningPlatform.WebApi.IntegrationTests.Content;

/// <summary>
/// The WebApi with the catalog kept for 10 minutes (so a test can tell a cached read from a fresh one: only an admin
/// change's invalidation makes a change visible) and without the nightly job.
/// </summary>
public sealed class ContentApiFactory : LearningApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("Ranking:Enabled", "false"), new("Content:CatalogCacheLifetime", "00:10:00")];
}
