namespace LearningPlatform.Infrastructure.Push;

/// <summary>
/// <c>Push:Fcm</c>. With neither <see cref="ServiceAccountJson"/> nor <see cref="ServiceAccountFile"/> set, pushes are
/// only logged (<see cref="LogPushSender"/>), so the service runs offline.
/// </summary>
public sealed class FcmOptions
{
    public const string Section = "Push:Fcm";

    /// <summary>The Firebase project; empty means the service account's <c>project_id</c>.</summary>
    public string? ProjectId { get; set; }

    /// <summary>Where the FCM HTTP v1 API lives; tests point it at a local fake.</summary>
    public string BaseUrl { get; set; } = "https://fcm.googleapis.com/";

    /// <summary>
    /// A Google service-account key (JSON) with the Firebase Cloud Messaging API Admin role. Its <c>token_uri</c> is
    /// where access tokens are fetched (tests point it at a local fake).
    /// </summary>
    public string? ServiceAccountJson { get; set; }

    /// <summary>A path to the same JSON, for when the key is mounted as a file. <see cref="ServiceAccountJson"/> wins.</summary>
    public string? ServiceAccountFile { get; set; }

    /// <summary>How long one send may take, access token included; longer counts as no answer (retry).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool HasCredentials =>
        !string.IsNullOrWhiteSpace(ServiceAccountJson) || !string.IsNullOrWhiteSpace(ServiceAccountFile);
}
