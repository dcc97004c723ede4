using LearningPlatform.Domain.Common;

namespace LearningPlatform.Domain.Subscriptions;

/// <summary>
/// Billing refusals. A store payload that fails verification is 422 on <c>POST /billing/purchases</c> (the learner sent
/// it) and 401 <c>billing.notification_unverified</c> on a webhook (the sender is not the store).
/// </summary>
public static class SubscriptionErrors
{
    public static DomainException Malformed(string detail) =>
        new("billing.receipt_malformed", $"The store payload is malformed: {detail}", DomainErrorKind.Invalid);

    public static DomainException CertificateUntrusted(string detail) =>
        new("billing.certificate_untrusted", $"The store payload's certificates are not trusted: {detail}", DomainErrorKind.Unprocessable);

    public static DomainException SignatureInvalid() =>
        new("billing.signature_invalid", "The store payload's signature does not verify.", DomainErrorKind.Unprocessable);

    public static DomainException WrongApp(string detail) =>
        new("billing.wrong_app", $"The store payload is for another app: {detail}", DomainErrorKind.Unprocessable);

    public static DomainException WrongEnvironment(string environment) =>
        new("billing.wrong_environment", $"The store payload is from the {environment} environment, which this server does not accept.", DomainErrorKind.Unprocessable);

    public const string UnknownProductCode = "billing.unknown_product";

    public static DomainException UnknownProduct(string productId) =>
        new(UnknownProductCode, $"No plan sells the product '{productId}'.", DomainErrorKind.Unprocessable);

    public static DomainException NotASubscription(string detail) =>
        new("billing.not_a_subscription", $"The store transaction is not a subscription: {detail}", DomainErrorKind.Unprocessable);

    public static DomainException StoreUnsupported(string store) =>
        new("billing.store_unsupported", $"Purchases from '{store}' are not accepted here.", DomainErrorKind.Invalid);

    public static DomainException NotificationUnverified(string reason, string detail) =>
        new("billing.notification_unverified", $"The notification was not verified: {detail}", DomainErrorKind.Unauthenticated)
        {
            Extensions = new Dictionary<string, object?> { ["reason"] = reason },
        };

    /// <summary>Google Play does not know the purchase token (never issued, another app's, or forgotten 60 days after expiry).</summary>
    public static DomainException PurchaseNotFound() =>
        new("billing.purchase_not_found", "Google Play does not know this purchase token for this app.", DomainErrorKind.Unprocessable);

    /// <summary>A Play purchase awaiting payment (or whose pending payment was canceled) grants nothing yet.</summary>
    public static DomainException PurchasePending(string state) =>
        new("billing.purchase_pending", $"The purchase is not paid ({state}); present it again once Google Play completes it.",
            DomainErrorKind.Unprocessable);
}
