using LearningPlatform.Domain.Subscriptions;

namespace LearningPlatform.Application.Billing;

/// <summary>
/// A store transaction as its store vouches for it, after verification: which transaction (Apple's
/// <c>originalTransactionId</c>, Play's first purchase token), which product, the learner the app bound it to at purchase
/// (Apple's <c>appAccountToken</c>, Play's obfuscated account id) if any, and the state the store reports.
/// </summary>
public sealed record VerifiedTransaction(
    Store Store, string StoreTransactionId, string ProductId, Guid? AccountLearnerId, StoreEvent Event);

/// <summary>
/// A verified store notification: the store's id for it (the replay key), its type, and the transaction state it carries
/// (Apple) or that was re-read from the store (Play); null when it carries none (e.g. Apple's TEST).
/// </summary>
public sealed record VerifiedNotification(Store Store, string NotificationId, string Type, VerifiedTransaction? Transaction);

/// <summary>A webhook's request as received: the raw body and the Authorization header (Pub/Sub's OIDC token).</summary>
public sealed record StoreNotificationRequest(byte[] Body, string? Authorization);

/// <summary>
/// Verifies what a learner's app sends after a purchase. Throws a <see cref="Domain.Common.DomainException"/> with a
/// <c>billing.*</c> code when the receipt is malformed (400) or does not verify (422).
/// </summary>
public interface IStorePurchaseVerifier
{
    Store Store { get; }

    Task<VerifiedTransaction> VerifyPurchaseAsync(PurchaseRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// Verifies a store's webhook. Throws a <see cref="Domain.Common.DomainException"/> with a <c>billing.*</c> code when the
/// body is malformed or does not verify; the webhook answers those 400 and 401.
/// </summary>
public interface IStoreNotificationVerifier
{
    Store Store { get; }

    Task<VerifiedNotification> VerifyNotificationAsync(StoreNotificationRequest request, CancellationToken cancellationToken);
}
