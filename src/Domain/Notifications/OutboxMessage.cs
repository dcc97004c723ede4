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
    public DateTimeOffset AvailableAt { get; private set; }

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
