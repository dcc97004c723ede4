using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Application.Billing;

/// <summary>What applying a verified store transaction staged: the subscription (null when no learner is known yet).</summary>
public sealed record StagedTransaction(Subscription? Subscription, Presentation Presentation, bool Moved, IReadOnlyList<Guid> AffectedLearners);

/// <summary>
/// The store-neutral half of billing: a <see cref="VerifiedTransaction"/> (from the Apple or Google adapter) applied to
/// the subscription it belongs to, created on first sight. Stages the changes in the caller's unit of work; the caller
/// saves (in its transaction) and then invalidates <see cref="StagedTransaction.AffectedLearners"/>' entitlements.
/// The unique key on (store, store transaction id) makes two racing first sights one row: the loser's save fails and its
/// retry finds the winner's row.
/// </summary>
public sealed class StoreTransactions(ILearningDb db, TimeProvider clock, IOptions<BillingOptions> options)
{
    /// <param name="presenter">The learner whose app sent it; null for a webhook.</param>
    public async Task<StagedTransaction> StageAsync(VerifiedTransaction transaction, Guid? presenter, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var plan = await PlanSellingAsync(transaction.Store, transaction.ProductId, cancellationToken);
        var subscription = await db.Subscriptions.SingleOrDefaultAsync(
            s => s.Store == transaction.Store && s.StoreTransactionId == transaction.StoreTransactionId, cancellationToken);
        var affected = new List<Guid>(2);
        var moved = false;
        if (subscription is null)
        {
            // The learner the app bound the purchase to (appAccountToken) presented it first, at purchase time; without one,
            // whoever presents it now. A webhook for a transaction no learner is known for waits for the app's call.
            var owner = transaction.AccountLearnerId ?? presenter;
            if (owner is null)
            {
                return new StagedTransaction(null, Presentation.Owner, false, []);
            }

            subscription = Subscription.Start(
                owner.Value, plan, transaction.Store, transaction.StoreTransactionId, transaction.ProductId, transaction.Event, now);
            db.Subscriptions.Add(subscription);
            moved = true;
        }
        else
        {
            moved = subscription.Apply(transaction.Event, now, plan, transaction.ProductId);
        }

        affected.Add(subscription.LearnerId);
        var presentation = presenter is { } learner
            ? subscription.PresentedBy(learner, options.Value.TransferRule, now)
            : Presentation.Owner;
        if (presentation == Presentation.Transferred)
        {
            affected.Add(subscription.LearnerId);
        }

        return new StagedTransaction(subscription, presentation, moved || presentation == Presentation.Transferred, affected);
    }

    private async Task<Plan> PlanSellingAsync(Store store, string productId, CancellationToken cancellationToken)
    {
        var plans = store switch
        {
            Store.Apple => db.Plans.Where(p => p.AppleProductId == productId),
            _ => db.Plans.Where(p => p.GoogleProductId == productId),
        };
        return await plans.AsNoTracking().FirstOrDefaultAsync(cancellationToken) ?? throw SubscriptionErrors.UnknownProduct(productId);
    }
}
