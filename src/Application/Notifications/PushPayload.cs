using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LearningPlatform.Application.Notifications;

/// <summary>
/// What an outbox message carries for its push (<c>outbox_messages.payload</c>): written by every producer through
/// <see cref="ToJson"/> — the ranking's set-based SQL builds the same shape, which a test checks — and read in one
/// place, the dispatcher, through <see cref="FromJson"/>. <see cref="Data"/> values are strings, as FCM requires.
/// <see cref="TraceParent"/> is the W3C trace context of the request that wrote the message (none outside one): the
/// dispatcher continues that trace for the push; it never goes to the phone.
/// </summary>
public sealed record PushPayload(string Title, string Body, string? Deeplink, IReadOnlyDictionary<string, string?> Data)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string? TraceParent { get; init; }

    /// <summary>The payload as stored, with the current trace context (<see cref="CurrentTraceParent"/>).</summary>
    public string ToJson() => JsonSerializer.Serialize(this with { TraceParent = CurrentTraceParent() }, Json);

    /// <summary>The running span's <c>traceparent</c> (W3C), or null outside a trace.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null;

    /// <exception cref="JsonException">The text is not a payload (the dispatcher dead-letters such a message).</exception>
    public static PushPayload FromJson(string json)
    {
        var payload = JsonSerializer.Deserialize<PushPayload>(json, Json);
        return payload is { Title: not null, Body: not null }
            ? payload with { Data = payload.Data ?? new Dictionary<string, string?>() }
            : throw new JsonException("An outbox payload needs a title and a body.");
    }
}
