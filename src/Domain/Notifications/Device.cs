namespace LearningPlatform.Domain.Notifications;

public enum DevicePlatform
{
    Android,
    Ios,
}

/// <summary>
/// A phone's FCM registration token. A token belongs to one learner: registering it again moves it to the newest
/// learner (a shared or resold phone). FCM saying UNREGISTERED disables it; registering it again enables it.
/// </summary>
public sealed class Device
{
    public const int MaxTokenLength = 4096;

    private Device()
    {
        Token = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid LearnerId { get; private set; }
    public string Token { get; private set; }
    public DevicePlatform Platform { get; private set; }
    public DateTimeOffset RegisteredAt { get; private set; }
    public DateTimeOffset? DisabledAt { get; private set; }
    public string? DisabledReason { get; private set; }

    public bool IsEnabled => DisabledAt is null;

    public static Device Register(Guid learnerId, string token, DevicePlatform platform, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        LearnerId = learnerId,
        Token = token,
        Platform = platform,
        RegisteredAt = now,
    };

    /// <summary>The token registered again, by this learner or another: it is theirs now, and enabled.</summary>
    public void RegisterAgain(Guid learnerId, DevicePlatform platform, DateTimeOffset now)
    {
        LearnerId = learnerId;
        Platform = platform;
        RegisteredAt = now;
        DisabledAt = null;
        DisabledReason = null;
    }

    public void Disable(string reason, DateTimeOffset now)
    {
        DisabledAt ??= now;
        DisabledReason = reason;
    }
}
