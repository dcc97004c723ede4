using System.Text.Json;

namespace LearningPlatform.FakeFcm;

/// <summary>One request to <c>POST /v1/projects/{project}/messages:send</c>, as received, and what the fake answered.</summary>
public sealed record FcmRequest(
    string ProjectId,
    string? BearerToken,
    IReadOnlyDictionary<string, string> Headers,
    string RawBody,
    JsonElement Body,
    int AnsweredStatus,
    string? MessageName,
    DateTimeOffset ReceivedAt)
{
    /// <summary>The <c>message</c> object of the body.</summary>
    public JsonElement Message => Body.GetProperty("message");

    public string? Token => Field("token");

    public string? Topic => Field("topic");

    /// <summary>The message's <c>data</c> map (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Data =>
        Message.TryGetProperty("data", out var data)
            ? data.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "")
            : new Dictionary<string, string>();

    /// <summary>A string at a path below <c>message</c>, e.g. <c>Get("apns", "headers", "apns-priority")</c>; null if absent.</summary>
    public string? Get(params string[] path)
    {
        var element = Message;
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText();
    }

    /// <summary>Whether the message has a member at this path (e.g. <c>Has("apns")</c>).</summary>
    public bool Has(params string[] path)
    {
        var element = Message;
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return false;
            }
        }

        return true;
    }

    private string? Field(string name) =>
        Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("message", out var message)
        && message.ValueKind == JsonValueKind.Object && message.TryGetProperty(name, out var value)
            ? value.GetString()
            : null;
}

/// <summary>One JWT-bearer grant at the token endpoint that the fake accepted, and the access token it issued.</summary>
public sealed record TokenRequest(
    string Issuer,
    string Audience,
    string Scope,
    string? KeyId,
    string AccessToken,
    DateTimeOffset IssuedAt);
