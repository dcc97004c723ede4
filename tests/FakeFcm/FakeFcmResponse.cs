using System.Text.Json.Nodes;

namespace LearningPlatform.FakeFcm;

/// <summary>
/// A scripted answer of the fake's send endpoint. The error bodies are shaped like FCM HTTP v1's:
/// <c>{"error": {"code", "message", "status", "details": [{"@type": "…fcm.v1.FcmError", "errorCode"}]}}</c>.
/// </summary>
public sealed record FakeFcmResponse
{
    private FakeFcmResponse(int statusCode, string? body)
    {
        StatusCode = statusCode;
        Body = body;
    }

    public int StatusCode { get; }

    /// <summary>The JSON body; null for a success, whose body (<c>{"name": …}</c>) the server makes up.</summary>
    public string? Body { get; }

    /// <summary>The raw <c>Retry-After</c> header value (delta seconds or an HTTP date), if any.</summary>
    public string? RetryAfter { get; init; }

    /// <summary>How long the server waits before answering (to play a slow or hanging FCM).</summary>
    public TimeSpan Delay { get; init; }

    public static FakeFcmResponse Ok() => new(200, null);

    /// <summary>404: the token is no longer registered (app uninstalled, token rotated).</summary>
    public static FakeFcmResponse Unregistered() =>
        Error(404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found.");

    /// <summary>400: FCM refuses the request (bad token format, bad field, payload too big).</summary>
    public static FakeFcmResponse InvalidArgument(
        string message = "The registration token is not a valid FCM registration token", string field = "message.token") =>
        Error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", message,
            new JsonObject
            {
                ["@type"] = "type.googleapis.com/google.rpc.BadRequest",
                ["fieldViolations"] = new JsonArray(new JsonObject { ["field"] = field, ["description"] = message }),
            });

    /// <summary>403: the token belongs to another sender (Firebase project).</summary>
    public static FakeFcmResponse SenderIdMismatch() =>
        Error(403, "PERMISSION_DENIED", "SENDER_ID_MISMATCH", "SenderId mismatch");

    /// <summary>401: APNs (or Web Push) refused the project's credentials.</summary>
    public static FakeFcmResponse ThirdPartyAuthError() =>
        Error(401, "UNAUTHENTICATED", "THIRD_PARTY_AUTH_ERROR", "Auth error from APNS or Web Push Service");

    /// <summary>429: the project's (or a device's, or a topic's) send quota is used up.</summary>
    public static FakeFcmResponse QuotaExceeded(string? retryAfter = null) =>
        Error(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED",
            "Quota exceeded for quota metric 'Send requests' and limit 'Send requests per minute'.") with { RetryAfter = retryAfter };

    /// <summary>503: FCM is overloaded.</summary>
    public static FakeFcmResponse Unavailable(string? retryAfter = null) =>
        Error(503, "UNAVAILABLE", "UNAVAILABLE", "The service is currently unavailable.") with { RetryAfter = retryAfter };

    /// <summary>500: an unknown internal error.</summary>
    public static FakeFcmResponse Internal() => Error(500, "INTERNAL", "INTERNAL", "Internal error encountered.");

    /// <summary>Any FCM v1 error; <paramref name="errorCode"/> null leaves out the FcmError detail.</summary>
    public static FakeFcmResponse Error(int statusCode, string status, string? errorCode, string message, params JsonObject[] moreDetails)
    {
        var details = new JsonArray();
        if (errorCode is not null)
        {
            details.Add(new JsonObject
            {
                ["@type"] = "type.googleapis.com/google.firebase.fcm.v1.FcmError",
                ["errorCode"] = errorCode,
            });
        }

        foreach (var detail in moreDetails)
        {
            details.Add(detail);
        }

        var error = new JsonObject { ["code"] = statusCode, ["message"] = message, ["status"] = status };
        if (details.Count > 0)
        {
            error["details"] = details;
        }

        return new FakeFcmResponse(statusCode, new JsonObject { ["error"] = error }.ToJsonString());
    }

    /// <summary>This answer, given only after <paramref name="delay"/>.</summary>
    public FakeFcmResponse After(TimeSpan delay) => this with { Delay = delay };
}
