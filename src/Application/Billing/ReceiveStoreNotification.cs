using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Application.Billing;

/// <summary>
/// <c>POST /billing/webhooks/{store}</c>: verified first (a body that does not verify is 401 and nothing is stored), then
/// the notification is recorded under its store id and applied in one transaction, so the 200 means it is durable. A
/// replay (the same id again, or racing itself) finds the record, or loses on its key and finds it on the retry, and
/// changes nothing.
/// </summary>
public sealed class ReceiveStoreNotification(
    IEnumerable<IStoreNotificationVerifier> verifiers,
    StoreTransactions transactions,
    ILearningDb db,
    IEntitlements entitlements,
    TimeProvider clock,
    ILogger<ReceiveStoreNotification> logger)
{
    public async Task<NotificationReceipt> HandleAsync(string storeName, StoreNotificationRequest request, CancellationToken cancellationToken)
    {
        var verifier = verifiers.FirstOrDefault(v => string.Equals(v.Store.ToString(), storeName, StringComparison.OrdinalIgnoreCase))
            ?? throw SubscriptionErrors.StoreUnsupported(storeName);
        VerifiedNotification notification;
        try
        {
            notification = await verifier.VerifyNotificationAsync(request, cancellationToken);
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.Unprocessable)
        {
            logger.LogWarning("Refused a {Store} notification: {Code} {Detail}", verifier.Store, e.Code, e.Message);
            throw SubscriptionErrors.NotificationUnverified(e.Code, e.Message);
        }

        return await ApplyAsync(notification, cancellationToken);
    }

    /// <summary>
    /// Records and applies a notification already verified (a webhook's, or one a store adapter polled for, such as
    /// Play's voided purchases), once per (store, notification id).
    /// </summary>
    public async Task<NotificationReceipt> ApplyAsync(VerifiedNotification notification, CancellationToken cancellationToken)
    {
        var (receipt, staged) = await ConcurrencyRetry.RunAsync(db, async ct =>
        {
            await using var transaction = await db.BeginTransactionAsync(ct);
            var seen = await db.StoreNotifications.AsNoTracking().SingleOrDefaultAsync(
                n => n.Store == notification.Store && n.NotificationId == notification.NotificationId, ct);
            if (seen is not null)
            {
                return (new NotificationReceipt(seen.Outcome, Duplicate: true), (StagedTransaction?)null);
            }

            var staged = notification.Transaction is { } verified ? await StageAsync(verified, ct) : null;
            var outcome = staged switch
            {
                null => NotificationOutcome.Ignored,
                { Subscription: null } => NotificationOutcome.Unmatched,
                { Moved: true } => NotificationOutcome.Applied,
                _ => NotificationOutcome.Ignored,
            };
            db.StoreNotifications.Add(StoreNotification.Received(
                notification.Store, notification.NotificationId, notification.Type, notification.Transaction?.StoreTransactionId, outcome,
                clock.GetUtcNow()));
            await db.SaveChangesAsync(ct);
            await db.CommitAsync(ct);
            return (new NotificationReceipt(outcome, Duplicate: false), staged);
        }, cancellationToken);

        foreach (var learner in staged?.AffectedLearners.Distinct() ?? [])
        {
            await entitlements.InvalidateAsync(learner, cancellationToken);
        }

        logger.LogInformation("{Store} notification {NotificationId} {Type}: {Outcome}{Replay}",
            notification.Store, notification.NotificationId, notification.Type, receipt.Outcome, receipt.Duplicate ? " (replay)" : "");
        return receipt;
    }

    /// <summary>
    /// A verified notification about a product no plan sells (another subscription of the app) is recorded and ignored:
    /// refusing it would only make the store retry it for days.
    /// </summary>
    private async Task<StagedTransaction?> StageAsync(VerifiedTransaction verified, CancellationToken cancellationToken)
    {
        try
        {
            return await transactions.StageAsync(verified, null, cancellationToken);
        }
        catch (DomainException e) when (e.Code == SubscriptionErrors.UnknownProductCode)
        {
            logger.LogWarning("{Store} notification about product {ProductId}, which no plan sells: ignored", verified.Store, verified.ProductId);
            return null;
        }
    }
}
