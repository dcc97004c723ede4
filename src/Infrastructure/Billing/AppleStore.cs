using System.Text.Json;
using LearningPlatform.Application.Billing;
using LearningPlatform.Domain.Subscriptions;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Infrastructure.Billing;

/// <summary>
/// The App Store adapter: a StoreKit 2 signed transaction from the app, or a Server Notification v2, verified
/// (<see cref="AppleJwsVerifier"/>) and checked against this app (<c>bundleId</c>, <c>environment</c>, and a Production
/// notification's <c>appAppleId</c>), then turned into the store-neutral <see cref="VerifiedTransaction"/>. The
/// transaction's <c>appAccountToken</c> (the learner id the app set at purchase) names its learner.
/// </summary>
internal sealed class AppleStore(AppleJwsVerifier jws, IOptions<AppleStoreOptions> options) : IStorePurchaseVerifier, IStoreNotificationVerifier
{
    private const string AutoRenewable = "Auto-Renewable Subscription";

    public Store Store => Store.Apple;

    public Task<VerifiedTransaction> VerifyPurchaseAsync(PurchaseRequest request, CancellationToken cancellationToken)
    {
        var transaction = jws.Verify(request.SignedTransaction ?? "");
        var signedDate = AppleJson.Time(transaction, "signedDate")!.Value;
        var (originalId, transactionId, productId, expiresAt, accountLearner) = ReadTransaction(transaction);
        var status = AppleJson.Time(transaction, "revocationDate") is not null ? SubscriptionStatus.Refunded
            : expiresAt <= signedDate ? SubscriptionStatus.Expired
            : SubscriptionStatus.Active;
        var e = new StoreEvent($"apple:{transactionId}@{signedDate.ToUnixTimeMilliseconds()}", StoreEvent.PurchaseType, signedDate, status, expiresAt);
        return Task.FromResult(new VerifiedTransaction(Store.Apple, originalId, productId, accountLearner, e));
    }

    public Task<VerifiedNotification> VerifyNotificationAsync(StoreNotificationRequest request, CancellationToken cancellationToken)
    {
        var signedPayload = SignedPayloadOf(request.Body);
        var payload = jws.Verify(signedPayload);
        var notificationId = AppleJson.Text(payload, "notificationUUID");
        var type = AppleJson.Text(payload, "notificationType");
        if (string.IsNullOrEmpty(notificationId) || notificationId.Length > StoreNotification.MaxIdLength || string.IsNullOrEmpty(type))
        {
            throw SubscriptionErrors.Malformed("the notification has no notificationUUID or notificationType.");
        }

        var subtype = AppleJson.Text(payload, "subtype");
        var fullType = subtype is null ? type : $"{type}/{subtype}";
        if (!payload.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            // TEST, and summaries of mass renewal extensions, carry no transaction.
            return Task.FromResult(new VerifiedNotification(Store.Apple, notificationId, fullType, null));
        }

        CheckApp(data, notification: true);
        var status = StatusAfter(type, subtype);
        var signedTransaction = AppleJson.Text(data, "signedTransactionInfo");
        if (status is null || signedTransaction is null)
        {
            return Task.FromResult(new VerifiedNotification(Store.Apple, notificationId, fullType, null));
        }

        var transaction = jws.Verify(signedTransaction);
        if (AppleJson.Text(transaction, "type") is not AutoRenewable)
        {
            // The app's other purchases (a consumable's REFUND, say) are recorded and answered, or Apple retries them for days.
            return Task.FromResult(new VerifiedNotification(Store.Apple, notificationId, fullType, null));
        }

        var (originalId, _, productId, expiresAt, accountLearner) = ReadTransaction(transaction);
        var until = expiresAt;
        if (status == SubscriptionStatus.Grace && AppleJson.Text(data, "signedRenewalInfo") is { } signedRenewal)
        {
            until = AppleJson.Time(jws.Verify(signedRenewal), "gracePeriodExpiresDate") ?? expiresAt;
        }

        var signedDate = AppleJson.Time(payload, "signedDate")!.Value;
        var e = new StoreEvent(notificationId, fullType, signedDate, status.Value, until);
        return Task.FromResult(new VerifiedNotification(
            Store.Apple, notificationId, fullType, new VerifiedTransaction(Store.Apple, originalId, productId, accountLearner, e)));
    }

    /// <summary>
    /// The state each App Store notification reports; null for those that change nothing here (TEST,
    /// CONSUMPTION_REQUEST, PRICE_INCREASE, REFUND_DECLINED, DID_CHANGE_RENEWAL_PREF, …).
    /// </summary>
    internal static SubscriptionStatus? StatusAfter(string type, string? subtype) => (type, subtype) switch
    {
        ("SUBSCRIBED" or "DID_RENEW" or "OFFER_REDEEMED" or "REFUND_REVERSED" or "RENEWAL_EXTENDED", _) => SubscriptionStatus.Active,
        ("DID_CHANGE_RENEWAL_STATUS", "AUTO_RENEW_ENABLED") => SubscriptionStatus.Active,
        ("DID_CHANGE_RENEWAL_STATUS", "AUTO_RENEW_DISABLED") => SubscriptionStatus.Canceled,
        ("DID_FAIL_TO_RENEW", "GRACE_PERIOD") => SubscriptionStatus.Grace,
        // Billing retry without (or after) a grace period: not entitled, not over.
        ("DID_FAIL_TO_RENEW", _) or ("GRACE_PERIOD_EXPIRED", _) => SubscriptionStatus.OnHold,
        ("EXPIRED", _) => SubscriptionStatus.Expired,
        ("REFUND", _) => SubscriptionStatus.Refunded,
        ("REVOKE", _) => SubscriptionStatus.Revoked,
        _ => null,
    };

    private (string OriginalId, string TransactionId, string ProductId, DateTimeOffset ExpiresAt, Guid? AccountLearner) ReadTransaction(JsonElement transaction)
    {
        CheckApp(transaction, notification: false);
        if (AppleJson.Text(transaction, "type") is not AutoRenewable)
        {
            throw SubscriptionErrors.NotASubscription($"its type is '{AppleJson.Text(transaction, "type")}', not '{AutoRenewable}'.");
        }

        var originalId = AppleJson.Text(transaction, "originalTransactionId");
        var transactionId = AppleJson.Text(transaction, "transactionId");
        var productId = AppleJson.Text(transaction, "productId");
        var expiresAt = AppleJson.Time(transaction, "expiresDate");
        if (string.IsNullOrEmpty(originalId) || originalId.Length > Subscription.MaxStoreTransactionIdLength
            || string.IsNullOrEmpty(transactionId) || transactionId.Length > 100
            || string.IsNullOrEmpty(productId) || productId.Length > Plan.MaxProductIdLength || expiresAt is null)
        {
            throw SubscriptionErrors.Malformed("the transaction lacks originalTransactionId, transactionId, productId or expiresDate.");
        }

        var accountLearner = Guid.TryParse(AppleJson.Text(transaction, "appAccountToken"), out var learner) ? learner : (Guid?)null;
        return (originalId, transactionId, productId, expiresAt.Value, accountLearner);
    }

    private void CheckApp(JsonElement element, bool notification)
    {
        var settings = options.Value;
        var bundleId = AppleJson.Text(element, "bundleId");
        if (bundleId != settings.BundleId)
        {
            throw SubscriptionErrors.WrongApp($"bundleId '{bundleId}' is not this app's.");
        }

        var environment = AppleJson.Text(element, "environment");
        if (environment != settings.Environment)
        {
            throw SubscriptionErrors.WrongEnvironment(environment ?? "unnamed");
        }

        if (notification && environment == "Production" && AppleJson.Number(element, "appAppleId") != settings.AppAppleId)
        {
            throw SubscriptionErrors.WrongApp("appAppleId is not this app's.");
        }
    }

    private static string SignedPayloadOf(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("signedPayload", out var signed) && signed.ValueKind == JsonValueKind.String
                ? signed.GetString()!
                : throw SubscriptionErrors.Malformed("the body is not {\"signedPayload\": \"...\"}.");
        }
        catch (JsonException)
        {
            throw SubscriptionErrors.Malformed("the body is not JSON.");
        }
    }
}
