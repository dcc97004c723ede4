namespace LearningPlatform.Infrastructure.Caching;

/// <summary><c>Content:*</c>: how the published catalog is cached.</summary>
public sealed class CatalogCacheOptions
{
    public const string Section = "Content";

    /// <summary>
    /// How long an instance keeps the catalog in memory: the longest another instance serves the old catalog after an
    /// admin change (this instance drops it at once). Short, since there is no backplane.
    /// </summary>
    public TimeSpan CatalogCacheLifetime { get; set; } = TimeSpan.FromSeconds(5);
}
