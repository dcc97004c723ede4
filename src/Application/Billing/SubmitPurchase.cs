using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Subscriptions;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Application.Billing;

/// <summary>
/// <c>POST /billing/purchases</c>: the store's verifier checks what the app sent (nothing is stored when it fails), then
/// the subscription is created or moved. The same receipt sent again, or twenty times at once, is one subscription row.
/// </summary>
public sealed class SubmitPurchase(
    IEnumerable<IStorePurchaseVerifier> verifiers,
    StoreTransactions transactions,
    ILearningDb db,
    IEntitlements entitlements,
    TimeProvider clock,
    ILogger<SubmitPurchase> logger)
{
    public async Task<PurchaseResult> HandleAsync(Guid learnerId, PurchaseRequest request, CancellationToken cancellationToken)
    {
        var store = request.Store switch
        {
            PurchaseRequest.Apple => Store.Apple,
            PurchaseRequest.Google => Store.Google,
            _ => throw SubscriptionErrors.StoreUnsupported(request.Store ?? ""),
        };
        var verifier = verifiers.FirstOrDefault(v => v.Store == store) ?? throw SubscriptionErrors.StoreUnsupported(request.Store!);
        var verified = await verifier.VerifyPurchaseAsync(request, cancellationToken);

        var staged = await ConcurrencyRetry.RunAsync(db, async ct =>
        {
            var staged = await transactions.StageAsync(verified, learnerId, ct);
            await db.SaveChangesAsync(ct);
            return staged;
        }, cancellationToken);

        foreach (var learner in staged.AffectedLearners.Distinct())
        {
            await entitlements.InvalidateAsync(learner, cancellationToken);
        }

        var subscription = staged.Subscription!;
        var seenBefore = staged.Presentation == Presentation.SeenBefore;
        logger.LogInformation(
            "Purchase {Store} {StoreTransactionId} presented by {LearnerId}: {Presentation}, subscription {SubscriptionId} {Status}",
            store, verified.StoreTransactionId, learnerId, staged.Presentation, subscription.Id, subscription.Status);
        var now = clock.GetUtcNow();
        return seenBefore
            ? new PurchaseResult(true, await entitlements.IsEntitledAsync(learnerId, cancellationToken), null)
            : new PurchaseResult(false, subscription.IsEntitledAt(now), subscription.ToDto(now));
    }
}
