using LearningPlatform.Application.Subscriptions;
using LearningPlatform.Domain.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Infrastructure.Persistence;

/// <summary>
/// The stand-in until billing lands: entitled while the learner has an ACTIVE or GRACE <c>subscriptions</c> row (one
/// indexed lookup on learner and status). The billing issue replaces it with the store-backed rule (CANCELED until
/// expiry, expiry itself), behind the same port.
/// </summary>
internal sealed class SubscriptionRowEntitlements(LearningDbContext db) : IEntitlements
{
    public Task<bool> IsEntitledAsync(Guid learnerId, CancellationToken cancellationToken) =>
        db.Subscriptions.AnyAsync(
            s => s.LearnerId == learnerId && (s.Status == SubscriptionStatus.Active || s.Status == SubscriptionStatus.Grace), cancellationToken);
}
