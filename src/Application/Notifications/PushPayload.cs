using System.Text.Json;

namespace LearningPlatform.Application.Notifications;

/// <summary>
/// What an outbox message carries for its push (<c>outbox_messages.payload</c>): written by every producer through
/// <see cref="ToJson"/> — the ranking's set-based SQL builds the same shape, which a test checks — and read in one
/// place, the dispatcher, through <see cref="FromJson"/>. <see cref="Data"/> values are strings, as FCM requires.
/// </summary>
public sealed record PushPayload(string Title, string Body, string? Deeplink, IReadOnlyDictionary<string, string?> Data)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <exception cref="JsonException">The text is not a payload (the dispatcher dead-letters such a message).</exception>
    public static PushPayload FromJson(string json)
    {
        var payload = JsonSerializer.Deserialize<PushPayload>(json, Json);
        return payload is { Title: not null, Body: not null }
            ? payload with { Data = payload.Data ?? new Dictionary<string, string?>() }
            : throw new JsonException("An outbox payload needs a title and a body.");
    }
}
