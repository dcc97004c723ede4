namespace LearningPlatform.Domain.Notifications;

/// <summary>
/// A personal notification in a learner's inbox (a prize, a reward's status). Written in the same transaction as the
/// change it tells about, together with the outbox message that pushes it; its id is that message's id.
/// Broadcasts have no inbox rows.
/// </summary>
public sealed class Notification
{
    private Notification()
    {
        Type = string.Empty;
        Title = string.Empty;
        Body = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid LearnerId { get; private set; }
    public string Type { get; private set; }
    public string Title { get; private set; }
    public string Body { get; private set; }
    public string? Deeplink { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ReadAt { get; private set; }

    public static Notification For(Guid learnerId, string type, string title, string body, string? deeplink, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        LearnerId = learnerId,
        Type = type,
        Title = title,
        Body = body,
        Deeplink = deeplink,
        CreatedAt = now,
    };

    /// <summary>Idempotent: the first read time stays.</summary>
    public void MarkRead(DateTimeOffset now) => ReadAt ??= now;
}

/// <summary>The audit row of one broadcast sent to an FCM topic (instead of a row per learner).</summary>
public sealed class NotificationDispatch
{
    private NotificationDispatch()
    {
        Topic = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid OutboxMessageId { get; private set; }
    public string Topic { get; private set; }
    public string? ProviderMessageId { get; private set; }
    public DateTimeOffset SentAt { get; private set; }

    public static NotificationDispatch Of(Guid outboxMessageId, string topic, string? providerMessageId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        OutboxMessageId = outboxMessageId,
        Topic = topic,
        ProviderMessageId = providerMessageId,
        SentAt = now,
    };
}
