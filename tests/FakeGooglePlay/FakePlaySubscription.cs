using System.Text.Json.Nodes;

namespace LearningPlatform.FakeGooglePlay;

/// <summary>
/// What the fake's <c>purchases.subscriptionsv2.get</c> answers for one purchase token (a <c>SubscriptionPurchaseV2</c>
/// with one line item). Tests change it with <c>with</c> and <see cref="FakeGooglePlayServer.SetSubscription"/>.
/// </summary>
public sealed record FakePlaySubscription
{
    public const string Active = "SUBSCRIPTION_STATE_ACTIVE";
    public const string InGracePeriod = "SUBSCRIPTION_STATE_IN_GRACE_PERIOD";
    public const string OnHold = "SUBSCRIPTION_STATE_ON_HOLD";
    public const string Paused = "SUBSCRIPTION_STATE_PAUSED";
    public const string Canceled = "SUBSCRIPTION_STATE_CANCELED";
    public const string Expired = "SUBSCRIPTION_STATE_EXPIRED";
    public const string Pending = "SUBSCRIPTION_STATE_PENDING";
    public const string PendingPurchaseCanceled = "SUBSCRIPTION_STATE_PENDING_PURCHASE_CANCELED";

    public required string ProductId { get; init; }
    public string BasePlanId { get; init; } = "monthly";
    public string State { get; init; } = Active;
    public required DateTimeOffset StartTime { get; init; }
    public required DateTimeOffset ExpiryTime { get; init; }
    public bool AutoRenewEnabled { get; init; } = true;
    public string? LinkedPurchaseToken { get; init; }
    public string? ObfuscatedExternalAccountId { get; init; }
    public string LatestOrderId { get; init; } = "GPA.0000-0000-0000-00000";
    public bool TestPurchase { get; init; }

    /// <summary>Set by the fake when acknowledge is called; a test may start a purchase as acknowledged.</summary>
    public bool Acknowledged { get; init; }

    /// <summary>An active monthly subscription started now, expiring in 30 days.</summary>
    public static FakePlaySubscription ActiveFor(string productId, DateTimeOffset now, string? linkedPurchaseToken = null) => new()
    {
        ProductId = productId,
        StartTime = now,
        ExpiryTime = now.AddDays(30),
        LinkedPurchaseToken = linkedPurchaseToken,
        LatestOrderId = "GPA." + Guid.NewGuid().ToString("N")[..20],
    };

    internal JsonObject ToJson()
    {
        var lineItem = new JsonObject
        {
            ["productId"] = ProductId,
            ["expiryTime"] = Timestamp(ExpiryTime),
            ["offerDetails"] = new JsonObject { ["basePlanId"] = BasePlanId },
            ["latestSuccessfulOrderId"] = LatestOrderId,
        };
        if (State is not (Expired or PendingPurchaseCanceled))
        {
            lineItem["autoRenewingPlan"] = new JsonObject { ["autoRenewEnabled"] = AutoRenewEnabled };
        }

        var json = new JsonObject
        {
            ["kind"] = "androidpublisher#subscriptionPurchaseV2",
            ["regionCode"] = "DE",
            ["lineItems"] = new JsonArray(lineItem),
            ["startTime"] = Timestamp(StartTime),
            ["subscriptionState"] = State,
            ["latestOrderId"] = LatestOrderId,
            ["acknowledgementState"] = Acknowledged ? "ACKNOWLEDGEMENT_STATE_ACKNOWLEDGED" : "ACKNOWLEDGEMENT_STATE_PENDING",
        };
        if (LinkedPurchaseToken is not null)
        {
            json["linkedPurchaseToken"] = LinkedPurchaseToken;
        }

        if (ObfuscatedExternalAccountId is not null)
        {
            json["externalAccountIdentifiers"] = new JsonObject { ["obfuscatedExternalAccountId"] = ObfuscatedExternalAccountId };
        }

        if (TestPurchase)
        {
            json["testPurchase"] = new JsonObject();
        }

        if (State == Canceled)
        {
            json["canceledStateContext"] = new JsonObject { ["userInitiatedCancellation"] = new JsonObject() };
        }

        if (State == Paused)
        {
            json["pausedStateContext"] = new JsonObject { ["autoResumeTime"] = Timestamp(ExpiryTime.AddDays(30)) };
        }

        return json;
    }

    internal static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
}

/// <summary>One entry of <c>purchases.voidedpurchases.list</c>.</summary>
public sealed record FakeVoidedPurchase(
    string PurchaseToken,
    string OrderId,
    DateTimeOffset PurchaseTime,
    DateTimeOffset VoidedTime,
    int VoidedSource = 0,
    int VoidedReason = 1);
