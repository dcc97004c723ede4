using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LearningPlatform.Application.Notifications;

namespace LearningPlatform.Infrastructure.Push;

/// <summary>The FCM HTTP v1 request body for one push, and the checks that spare FCM a request it would refuse.</summary>
internal static partial class FcmMessage
{
    /// <summary>Data keys the app reads; they always carry the message's own values.</summary>
    public const string DeeplinkKey = "deeplink";
    public const string MessageIdKey = "messageId";

    /// <summary>FCM's payload limits: 4096 bytes for a message to a device, 2048 for one to a topic.</summary>
    public const int DeviceLimitBytes = 4096;
    public const int TopicLimitBytes = 2048;

    /// <summary>APNs refuses an <c>apns-collapse-id</c> longer than 64 bytes.</summary>
    private const int CollapseIdLimitBytes = 64;

    /// <summary>FCM keeps an undelivered message at most four weeks.</summary>
    private static readonly TimeSpan MaxTimeToLive = TimeSpan.FromDays(28);

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [GeneratedRegex("^[a-zA-Z0-9_.~%-]+$")]
    private static partial Regex TopicName();

    /// <summary>Why FCM would refuse this push (so it is not sent), or null.</summary>
    public static string? Refusal(PushTarget target, PushMessage message)
    {
        if (target.Topic is { } topic)
        {
            if (!TopicName().IsMatch(topic))
            {
                return $"topic name \"{topic}\" does not match [a-zA-Z0-9-_.~%]+";
            }
        }
        else if (string.IsNullOrWhiteSpace(target.DeviceToken) || target.Platform is null)
        {
            return "no device token or platform";
        }

        foreach (var key in message.Data.Keys)
        {
            // FCM refuses these data keys with INVALID_ARGUMENT.
            if (key.Length == 0 || key is "from" or "notification" or "message_type"
                || key.StartsWith("google", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("gcm", StringComparison.OrdinalIgnoreCase))
            {
                return $"data key \"{key}\" is reserved by FCM";
            }
        }

        if (Encoding.UTF8.GetByteCount(message.CollapseKey) > CollapseIdLimitBytes)
        {
            return $"collapse key longer than {CollapseIdLimitBytes} bytes";
        }

        if (message.TimeToLive < TimeSpan.Zero || message.TimeToLive > MaxTimeToLive)
        {
            return $"time to live {message.TimeToLive} outside 0..28 days";
        }

        return null;
    }

    /// <summary>
    /// The request body <c>{"message": {...}}</c>, and the payload size checked against the limit: the larger of what
    /// reaches an Android app (<c>{"notification":…,"data":…}</c> as JSON) and what reaches an iOS app (the
    /// <c>apns.payload</c> object), in UTF-8 bytes. The envelope (token or topic, android and apns options) is not
    /// counted: it is not delivered to the device.
    /// </summary>
    public static (byte[] Body, int PayloadBytes) Build(PushTarget target, PushMessage message, DateTimeOffset now)
    {
        var ttlSeconds = (long)Math.Floor(message.TimeToLive.TotalSeconds);
        var isTopic = target.Topic is not null;

        var data = new JsonObject();
        foreach (var (key, value) in message.Data)
        {
            data[key] = value;
        }

        if (message.Deeplink is not null)
        {
            data[DeeplinkKey] = message.Deeplink;
        }

        data[MessageIdKey] = message.MessageId;

        var fcmPayload = new JsonObject
        {
            ["notification"] = new JsonObject { ["title"] = message.Title, ["body"] = message.Body },
            ["data"] = data,
        };
        var payloadBytes = Size(fcmPayload);

        var body = new JsonObject();
        if (isTopic)
        {
            body["topic"] = target.Topic;
        }
        else
        {
            body["token"] = target.DeviceToken;
        }

        body["notification"] = fcmPayload["notification"]!.DeepClone();
        body["data"] = data.DeepClone();

        if (isTopic || target.Platform == DevicePlatform.Android)
        {
            body["android"] = new JsonObject
            {
                ["ttl"] = $"{ttlSeconds}s",
                ["collapse_key"] = message.CollapseKey,
                ["priority"] = "high",
            };
        }

        if (isTopic || target.Platform == DevicePlatform.Ios)
        {
            var apnsPayload = new JsonObject
            {
                ["aps"] = new JsonObject
                {
                    ["alert"] = new JsonObject { ["title"] = message.Title, ["body"] = message.Body },
                    ["sound"] = "default",
                },
            };
            if (message.Deeplink is not null)
            {
                apnsPayload[DeeplinkKey] = message.Deeplink;
            }

            apnsPayload[MessageIdKey] = message.MessageId;
            payloadBytes = Math.Max(payloadBytes, Size(apnsPayload));

            body["apns"] = new JsonObject
            {
                ["headers"] = new JsonObject
                {
                    // 0 asks APNs for one delivery attempt and no storage, which is what a zero TTL means.
                    ["apns-expiration"] = ttlSeconds == 0 ? "0" : (now.ToUnixTimeSeconds() + ttlSeconds).ToString(),
                    ["apns-collapse-id"] = message.CollapseKey,
                    ["apns-priority"] = "10",
                    ["apns-push-type"] = "alert",
                },
                ["payload"] = apnsPayload,
            };
        }

        var root = new JsonObject { ["message"] = body };
        return (Encoding.UTF8.GetBytes(root.ToJsonString(Json)), payloadBytes);
    }

    private static int Size(JsonNode node) => Encoding.UTF8.GetByteCount(node.ToJsonString(Json));
}
