namespace LearningPlatform.Domain.Subscriptions;

/// <summary>What a received store notification did.</summary>
public enum NotificationOutcome
{
    /// <summary>It moved a subscription.</summary>
    Applied,

    /// <summary>It was older than the subscription's state, or carried no state change (e.g. Apple's TEST).</summary>
    Ignored,

    /// <summary>It names a transaction no learner has presented and carries no learner: kept until one does.</summary>
    Unmatched,
}

/// <summary>
/// A store notification (webhook), recorded once by the store's id for it (Apple's <c>notificationUUID</c>, Pub/Sub's
/// <c>messageId</c>) in the transaction that applies it: a replay meets the key and changes nothing.
/// </summary>
public sealed class StoreNotification
{
    public const int MaxIdLength = 200;

    private StoreNotification()
    {
        NotificationId = Type = string.Empty;
    }

    public Store Store { get; private set; }
    public string NotificationId { get; private set; }
    public string Type { get; private set; }
    public string? StoreTransactionId { get; private set; }
    public NotificationOutcome Outcome { get; private set; }
    public DateTimeOffset ReceivedAt { get; private set; }

    public static StoreNotification Received(
        Store store, string notificationId, string type, string? storeTransactionId, NotificationOutcome outcome, DateTimeOffset now) => new()
    {
        Store = store,
        NotificationId = notificationId,
        Type = type,
        StoreTransactionId = storeTransactionId,
        Outcome = outcome,
        ReceivedAt = now,
    };
}
