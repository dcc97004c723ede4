namespace LearningPlatform.Domain.Notifications;

public enum OutboxStatus
{
    Pending,
    Sent,
    DeadLettered,
}

/// <summary>
/// A notification to send, written in the same transaction as the change it tells about. Personal messages name a
/// learner (persisted in their inbox and pushed to their devices); broadcasts name an FCM topic and have no per-learner
/// rows. <see cref="DedupeKey"/> makes writing the same intent twice impossible; <see cref="Id"/> is the stable
/// message id the phone uses to drop a resend.
/// </summary>
public sealed class OutboxMessage
{
    private OutboxMessage()
    {
        Type = string.Empty;
        Payload = "{}";
        DedupeKey = string.Empty;
    }

    public Guid Id { get; private set; }
    public string Type { get; private set; }
    public Guid? LearnerId { get; private set; }
    public string? Topic { get; private set; }

    /// <summary>JSON: title, body, deeplink and data.</summary>
    public string Payload { get; private set; }

    public string DedupeKey { get; private set; }
    public OutboxStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When the dispatcher may (next) take it: now, after a backoff, or after a crashed claim's lease.</summary>
    public DateTimeOffset AvailableAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }
    public string? LastError { get; private set; }

    /// <summary>The devices a personal message already reached, so a retry goes only to the others.</summary>
    public Guid[] DeliveredDeviceIds { get; private set; } = [];

    /// <summary>The row version: a dispatcher whose claim expired cannot overwrite what the next one recorded.</summary>
    public uint Version { get; private set; }

    /// <summary>A personal message; its id is the inbox notification's id, so the phone can drop a resend.</summary>
    public static OutboxMessage ToLearner(Notification notification, string payload, string dedupeKey) => new()
    {
        Id = notification.Id,
        Type = notification.Type,
        LearnerId = notification.LearnerId,
        Payload = payload,
        DedupeKey = dedupeKey,
        Status = OutboxStatus.Pending,
        CreatedAt = notification.CreatedAt,
        AvailableAt = notification.CreatedAt,
    };

    /// <summary>A claimed message not worked on (the instance is stopping): due again at once, for any dispatcher.</summary>
    public void ReleaseClaim(DateTimeOffset now) => AvailableAt = now;

    /// <summary>PENDING → SENT.</summary>
    public void Delivered(DateTimeOffset now)
    {
        EnsurePending(OutboxStatus.Sent);
        Status = OutboxStatus.Sent;
        SentAt = now;
        Attempts++;
        LastError = null;
    }

    /// <summary>A failed try: again at <paramref name="retryAt"/>, or dead-lettered after <paramref name="maxAttempts"/> tries or when not retryable.</summary>
    public void Failed(string error, DateTimeOffset retryAt, int maxAttempts, bool retryable, IEnumerable<Guid> deliveredDevices)
    {
        EnsurePending(OutboxStatus.DeadLettered);
        Attempts++;
        LastError = error.Length <= 1000 ? error : error[..1000];
        DeliveredDeviceIds = [.. DeliveredDeviceIds.Union(deliveredDevices)];
        if (!retryable || Attempts >= maxAttempts)
        {
            Status = OutboxStatus.DeadLettered;
            return;
        }

        AvailableAt = retryAt;
    }

    /// <summary>A sent or dead-lettered message is finished: nothing moves it again.</summary>
    private void EnsurePending(OutboxStatus to)
    {
        if (Status != OutboxStatus.Pending)
        {
            throw OutboxErrors.InvalidTransition(Status, to);
        }
    }

    public static OutboxMessage ToTopic(string type, string topic, string payload, string dedupeKey, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Type = type,
        Topic = topic,
        Payload = payload,
        DedupeKey = dedupeKey,
        Status = OutboxStatus.Pending,
        CreatedAt = now,
        AvailableAt = now,
    };
}
