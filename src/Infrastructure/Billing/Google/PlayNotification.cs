using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LearningPlatform.Infrastructure.Billing.Google;

/// <summary>
/// A real-time developer notification as Pub/Sub pushes it: <c>{"message": {"data": base64(DeveloperNotification),
/// "messageId"}, "subscription"}</c>. Only a hint: the purchase token says which subscription to re-read from the API.
/// </summary>
internal sealed record PlayNotification(
    string MessageId,
    string PackageName,
    DateTimeOffset EventTime,
    PlayNotificationKind Kind,
    string? PurchaseToken,
    int? NotificationType,
    string? OrderId)
{
    /// <summary>Null when the body is not a Pub/Sub push of a developer notification.</summary>
    public static PlayNotification? Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            using var push = JsonDocument.Parse(body.ToArray());
            if (push.RootElement.ValueKind != JsonValueKind.Object
                || !push.RootElement.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object
                || (Text(message, "messageId") ?? Text(message, "message_id")) is not { Length: > 0 and <= 200 } messageId
                || Text(message, "data") is not { Length: > 0 } data)
            {
                return null;
            }

            using var notification = JsonDocument.Parse(Convert.FromBase64String(data));
            var root = notification.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Text(root, "packageName") is not { Length: > 0 } package)
            {
                return null;
            }

            var eventTime = long.TryParse(Text(root, "eventTimeMillis"), CultureInfo.InvariantCulture, out var millis)
                ? DateTimeOffset.FromUnixTimeMilliseconds(millis)
                : DateTimeOffset.MinValue;
            if (root.TryGetProperty("subscriptionNotification", out var subscription) && subscription.ValueKind == JsonValueKind.Object)
            {
                return Text(subscription, "purchaseToken") is { Length: > 0 } token
                    && subscription.TryGetProperty("notificationType", out var type) && type.TryGetInt32(out var typeNumber)
                    ? new PlayNotification(messageId, package, eventTime, PlayNotificationKind.Subscription, token, typeNumber, null)
                    : null;
            }

            if (root.TryGetProperty("voidedPurchaseNotification", out var voided) && voided.ValueKind == JsonValueKind.Object)
            {
                return Text(voided, "purchaseToken") is { Length: > 0 } token
                    ? new PlayNotification(messageId, package, eventTime, PlayNotificationKind.Voided, token, null, Text(voided, "orderId"))
                    : null;
            }

            // A test notification from the Play Console, or one about one-time products (which the plans do not sell).
            return new PlayNotification(messageId, package, eventTime, PlayNotificationKind.Other, null, null, null);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or DecoderFallbackException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

internal enum PlayNotificationKind
{
    Subscription,
    Voided,
    Other,
}
