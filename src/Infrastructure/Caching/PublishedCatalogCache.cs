using System.ComponentModel;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.Content;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Infrastructure.Caching;

/// <summary>
/// The published catalog through HybridCache, tagged <see cref="Tag"/>, in this instance's memory for at most
/// <c>Content:CatalogCacheLifetime</c> (5 seconds): one load at a time however many phones poll (stampede protection).
/// Every admin change of a course or lesson removes it by tag, so this instance's next read loads the new catalog;
/// another instance keeps its copy until it expires (HybridCache has no backplane, and Redis as a second tier would
/// not help: see decision 73).
/// </summary>
internal sealed class PublishedCatalogCache(HybridCache cache, IServiceScopeFactory scopes, IOptions<CatalogCacheOptions> options) : IPublishedCatalog
{
    public const string Tag = "content:catalog";

    private const string Key = "content:catalog:published";
    private static readonly string[] Tags = [Tag];

    private readonly HybridCacheEntryOptions _inMemoryOnly = new()
    {
        Expiration = options.Value.CatalogCacheLifetime,
        LocalCacheExpiration = options.Value.CatalogCacheLifetime,
        Flags = HybridCacheEntryFlags.DisableDistributedCache,
    };

    public async Task<PublishedCatalog> GetAsync(CancellationToken cancellationToken) =>
        (await cache.GetOrCreateAsync(Key, scopes, static async (scopes, token) =>
        {
            await using var scope = scopes.CreateAsyncScope();
            return new Entry(await PublishedCatalogQuery.LoadAsync(scope.ServiceProvider.GetRequiredService<ILearningReadDb>(), token));
        }, _inMemoryOnly, Tags, cancellationToken)).Catalog;

    public ValueTask InvalidateAsync(CancellationToken cancellationToken) => cache.RemoveByTagAsync(Tag, cancellationToken);

    /// <summary>Shared read-only by every request, so HybridCache keeps the instance instead of copying it.</summary>
    [ImmutableObject(true)]
    private sealed record Entry(PublishedCatalog Catalog);
}
