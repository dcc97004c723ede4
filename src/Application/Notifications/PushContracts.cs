namespace LearningPlatform.Application.Notifications;

public enum DevicePlatform
{
    Android,
    Ios,
}

/// <summary>Where a push goes: one device (with its platform, for the APNs block) or one FCM topic.</summary>
public sealed record PushTarget
{
    private PushTarget(string? deviceToken, DevicePlatform? platform, string? topic)
    {
        DeviceToken = deviceToken;
        Platform = platform;
        Topic = topic;
    }

    public string? DeviceToken { get; }
    public DevicePlatform? Platform { get; }
    public string? Topic { get; }

    public static PushTarget Device(string token, DevicePlatform platform) => new(token, platform, null);

    public static PushTarget ToTopic(string topic) => new(null, null, topic);
}

/// <summary>
/// One notification. <see cref="MessageId"/> is stable across resends (the app drops a duplicate by it) and goes into
/// the data payload with the deeplink; <see cref="CollapseKey"/> lets the OS replace an older notice of the same kind;
/// <see cref="TimeToLive"/> bounds how long FCM/APNs keep trying to deliver it.
/// </summary>
public sealed record PushMessage(
    string MessageId,
    string Title,
    string Body,
    string? Deeplink,
    IReadOnlyDictionary<string, string> Data,
    string CollapseKey,
    TimeSpan TimeToLive);

public enum PushOutcome
{
    /// <summary>Accepted by the provider.</summary>
    Sent,
    /// <summary>The device token is no longer valid (FCM UNREGISTERED): disable the device, never retry.</summary>
    Unregistered,
    /// <summary>The request itself is wrong (INVALID_ARGUMENT, too large, a bad topic): never retry; an alert.</summary>
    Rejected,
    /// <summary>Worth trying again later (QUOTA_EXCEEDED, UNAVAILABLE, INTERNAL, no answer), no sooner than <see cref="PushResult.RetryAfter"/>.</summary>
    Retry,
}

public sealed record PushResult(PushOutcome Outcome, string? Error = null, TimeSpan? RetryAfter = null, string? ProviderMessageId = null);

/// <summary>
/// Sends one push. It classifies the provider's answer and never retries by itself: the outbox dispatcher owns the
/// schedule (backoff, Retry-After, dead letters), so a retry survives a restart.
/// </summary>
public interface IPushSender
{
    Task<PushResult> SendAsync(PushTarget target, PushMessage message, CancellationToken cancellationToken);
}
