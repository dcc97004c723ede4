using System.ComponentModel;
using LearningPlatform.Application.Billing;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Infrastructure.Billing;

/// <summary>
/// Entitlements through HybridCache, in this instance's memory for <c>Billing:EntitlementCacheLifetime</c> (5 s). The
/// entry is the moment the learner's entitlement ends (the longest-running ACTIVE, GRACE or CANCELED subscription's
/// expiry), compared with the clock at each check, so an expiry bites on time without an event. Every committed change
/// of the learner's subscriptions on this instance removes the entry; another instance's copy lives at most the lifetime
/// (no backplane: decision 73's reasoning).
/// </summary>
internal sealed class CachedEntitlements(
    HybridCache cache, IServiceScopeFactory scopes, TimeProvider clock, IOptions<BillingOptions> options) : IEntitlements
{
    private readonly HybridCacheEntryOptions _inMemoryOnly = new()
    {
        Expiration = options.Value.EntitlementCacheLifetime,
        LocalCacheExpiration = options.Value.EntitlementCacheLifetime,
        Flags = HybridCacheEntryFlags.DisableDistributedCache,
    };

    public async Task<bool> IsEntitledAsync(Guid learnerId, CancellationToken cancellationToken)
    {
        var entry = await cache.GetOrCreateAsync(Key(learnerId), (scopes, learnerId), static async (state, token) =>
        {
            await using var scope = state.scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ILearningDb>();
            var until = await db.Subscriptions.AsNoTracking()
                .Where(s => s.LearnerId == state.learnerId
                    && (s.Status == SubscriptionStatus.Active || s.Status == SubscriptionStatus.Grace || s.Status == SubscriptionStatus.Canceled))
                .MaxAsync(s => s.ExpiresAt, token);
            return new Entry(until);
        }, _inMemoryOnly, cancellationToken: cancellationToken);
        return entry.Until > clock.GetUtcNow();
    }

    public ValueTask InvalidateAsync(Guid learnerId, CancellationToken cancellationToken) =>
        cache.RemoveAsync(Key(learnerId), cancellationToken);

    private static string Key(Guid learnerId) => $"billing:entitlement:{learnerId:N}";

    [ImmutableObject(true)]
    private sealed record Entry(DateTimeOffset? Until);
}
