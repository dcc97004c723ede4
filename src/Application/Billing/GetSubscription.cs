using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Billing;

/// <summary><c>GET /subscription</c>: the learner's entitlement now and the subscription behind it.</summary>
public sealed class GetSubscription(ILearningDb db, TimeProvider clock)
{
    public async Task<SubscriptionStatusDto> HandleAsync(Guid learnerId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var owned = await db.Subscriptions.AsNoTracking().Where(s => s.LearnerId == learnerId).ToListAsync(cancellationToken);
        var shown = owned.Where(s => s.IsEntitledAt(now)).MaxBy(s => s.ExpiresAt) ?? owned.MaxBy(s => s.UpdatedAt);
        var entitled = shown?.IsEntitledAt(now) ?? false;
        return new SubscriptionStatusDto(entitled, entitled ? [Plan.Premium] : [], shown?.ToDto(now));
    }
}
