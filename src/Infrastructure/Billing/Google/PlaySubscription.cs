using System.Globalization;
using System.Text.Json;

namespace LearningPlatform.Infrastructure.Billing.Google;

/// <summary>
/// The parts of a <c>SubscriptionPurchaseV2</c> (Play Developer API <c>purchases.subscriptionsv2.get</c>) that decide
/// entitlement and ownership. One line item: the app sells single-product subscriptions (a multi-line-item purchase
/// would be a subscription bundle, which the plans do not offer).
/// </summary>
internal sealed record PlaySubscription(
    string State,
    string ProductId,
    DateTimeOffset? StartTime,
    DateTimeOffset? ExpiryTime,
    bool AutoRenewEnabled,
    string? LinkedPurchaseToken,
    bool Acknowledged,
    string? ObfuscatedAccountId,
    string? LatestOrderId,
    bool TestPurchase)
{
    /// <summary>Parses the API's JSON; null when it lacks the state or a line item with a product id.</summary>
    public static PlaySubscription? Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || Text(root, "subscriptionState") is not { Length: > 0 } state
            || !root.TryGetProperty("lineItems", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        // The line item that expires last is the one in force (a bundle or a deferred change can list several).
        JsonElement? current = null;
        DateTimeOffset? currentExpiry = null;
        foreach (var item in items.EnumerateArray())
        {
            var expiry = Time(item, "expiryTime");
            if (Text(item, "productId") is { Length: > 0 } && (current is null || expiry > currentExpiry))
            {
                current = item;
                currentExpiry = expiry;
            }
        }

        if (current is not { } line)
        {
            return null;
        }

        var autoRenew = line.TryGetProperty("autoRenewingPlan", out var plan) && plan.ValueKind == JsonValueKind.Object
            && plan.TryGetProperty("autoRenewEnabled", out var enabled) && enabled.ValueKind == JsonValueKind.True;
        var account = root.TryGetProperty("externalAccountIdentifiers", out var ids) && ids.ValueKind == JsonValueKind.Object
            ? Text(ids, "obfuscatedExternalAccountId")
            : null;
        return new PlaySubscription(
            state,
            Text(line, "productId")!,
            Time(root, "startTime"),
            currentExpiry,
            autoRenew,
            Text(root, "linkedPurchaseToken"),
            Text(root, "acknowledgementState") == "ACKNOWLEDGEMENT_STATE_ACKNOWLEDGED",
            account,
            Text(root, "latestOrderId") ?? Text(line, "latestSuccessfulOrderId"),
            root.TryGetProperty("testPurchase", out _));
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? Time(JsonElement element, string name) =>
        Text(element, name) is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;
}

/// <summary>One entry of <c>purchases.voidedpurchases.list</c>.</summary>
internal sealed record PlayVoidedPurchase(string PurchaseToken, string? OrderId, DateTimeOffset VoidedTime, int VoidedReason);

internal sealed record PlayVoidedPage(IReadOnlyList<PlayVoidedPurchase> Purchases, string? NextPageToken);
