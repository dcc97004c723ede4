using LearningPlatform.Application.Billing;
using LearningPlatform.Domain.Subscriptions;
using LearningPlatform.Infrastructure.Persistence;
using LearningPlatform.Infrastructure.Persistence.Configurations;
using Microsoft.Extensions.DependencyInjection;

namespace LearningPlatform.TestSupport;

/// <summary>
/// A subscription written straight to the database, for tests about what an entitlement unlocks rather than how it is
/// bought; the learner's cached entitlement is dropped as a store event would.
/// </summary>
public static class SubscriptionSeed
{
    public static async Task<Guid> GrantSubscriptionAsync(this LearningApiFactory api, Guid learnerId, TimeSpan? lasting = null)
    {
        var now = api.Clock.GetUtcNow();
        var plan = PlanConfiguration.PremiumMonthly;
        var subscription = Subscription.Start(learnerId, plan, Store.Apple, $"seed-{Guid.NewGuid():N}", plan.AppleProductId!,
            new StoreEvent($"seed-{Guid.NewGuid():N}", StoreEvent.PurchaseType, now, SubscriptionStatus.Active, now + (lasting ?? TimeSpan.FromDays(30))), now);
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningDbContext>();
        db.Subscriptions.Add(subscription);
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<IEntitlements>().InvalidateAsync(learnerId, CancellationToken.None);
        return subscription.Id;
    }
}
