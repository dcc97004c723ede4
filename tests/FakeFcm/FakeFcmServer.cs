using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.FakeFcm;

/// <summary>
/// Google's OAuth2 token endpoint and FCM HTTP v1's send endpoint on 127.0.0.1 (a free port), for tests of the real
/// push adapter. It makes a throw-away service account (<see cref="ServiceAccountJson"/>, an RSA key of its own, with
/// <c>token_uri</c> pointing here), accepts only JWT-bearer grants signed by that key, accepts only the access tokens
/// it issued, checks the message's shape the way FCM would, records every request, and answers 200 or what a test
/// scripted (<see cref="Enqueue"/>, <see cref="AnswerFor"/>).
/// </summary>
/// <example>
/// <code>
/// await using var fcm = await FakeFcmServer.StartAsync();
/// // settings for AddPush / a WebApplicationFactory: Push:Fcm:ProjectId, :BaseUrl, :ServiceAccountJson
/// foreach (var (key, value) in fcm.Configuration()) builder.UseSetting(key, value);
/// fcm.AnswerFor(deadDeviceToken, FakeFcmResponse.Unregistered());
/// fcm.Enqueue(FakeFcmResponse.Unavailable(), times: 2);           // then 200s
/// var sent = await fcm.WaitForRequestsAsync(1, TimeSpan.FromSeconds(10), r => r.Token == deviceToken);
/// sent[0].Get("notification", "title").Should().Be("You placed 2nd");
/// </code>
/// </example>
public sealed partial class FakeFcmServer : IAsyncDisposable
{
    public const string FirebaseMessagingScope = "https://www.googleapis.com/auth/firebase.messaging";
    public const string JwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    /// <summary>The assertion audience Google's token endpoint expects.</summary>
    public const string GoogleTokenAudience = "https://oauth2.googleapis.com/token";

    private static readonly HashSet<string> MessageFields =
    [
        "name", "data", "notification", "android", "webpush", "apns", "fcm_options", "fcmOptions", "token", "topic", "condition",
    ];

    private readonly Lock _gate = new();
    private readonly List<FcmRequest> _requests = [];
    private readonly List<TokenRequest> _tokenRequests = [];
    private readonly Queue<FakeFcmResponse> _script = new();
    private readonly Dictionary<string, FakeFcmResponse> _answers = [];
    private readonly Dictionary<string, DateTimeOffset> _accessTokens = [];
    private readonly RSA _key = RSA.Create(2048);
    private readonly TimeProvider _time;
    private WebApplication? _app;
    private long _messageCounter;

    private FakeFcmServer(string projectId, TimeProvider time)
    {
        ProjectId = projectId;
        _time = time;
        PrivateKeyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        ClientEmail = $"fcm-sender@{projectId}.iam.gserviceaccount.com";
    }

    /// <summary><c>http://127.0.0.1:{port}/</c>: the adapter's FCM base URL.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The token endpoint (the service account's <c>token_uri</c>).</summary>
    public string TokenUri => BaseUrl + "token";

    public string ProjectId { get; }
    public string ClientEmail { get; }
    public string PrivateKeyId { get; }

    /// <summary>The <c>expires_in</c> of the access tokens issued from now on.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A service-account key JSON like the one the Firebase console downloads, with a key only this server knows.</summary>
    public string ServiceAccountJson => ServiceAccountJsonWith(_key);

    /// <summary>Every send request in arrival order (authorized or not, answered with anything).</summary>
    public IReadOnlyList<FcmRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The send requests answered 200: what reached devices.</summary>
    public IReadOnlyList<FcmRequest> Delivered => Requests.Where(r => r.AnsweredStatus == 200).ToList();

    /// <summary>The token grants the server accepted, in order.</summary>
    public IReadOnlyList<TokenRequest> TokenRequests
    {
        get
        {
            lock (_gate)
            {
                return [.. _tokenRequests];
            }
        }
    }

    /// <summary>Starts a server on 127.0.0.1 on a port the OS picks. <paramref name="time"/> decides when issued tokens expire.</summary>
    public static async Task<FakeFcmServer> StartAsync(string projectId = "lp-fake-project", TimeProvider? time = null)
    {
        var server = new FakeFcmServer(projectId, time ?? TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(FakeFcmServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/token", server.TokenAsync);
        app.MapPost("/v1/projects/{project}/{method}", server.SendAsync);
        await app.StartAsync();
        server._app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Single();
        server.BaseUrl = address.TrimEnd('/') + "/";
        return server;
    }

    /// <summary>
    /// Configuration for the adapter (<c>{section}:ProjectId</c>, <c>:BaseUrl</c>, <c>:ServiceAccountJson</c>), to add to
    /// an in-memory configuration or a WebApplicationFactory's settings.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Configuration(string section = "Push:Fcm") => new Dictionary<string, string?>
    {
        [$"{section}:ProjectId"] = ProjectId,
        [$"{section}:BaseUrl"] = BaseUrl,
        [$"{section}:ServiceAccountJson"] = ServiceAccountJson,
    };

    /// <summary>The same service account JSON signed with another key: the token endpoint refuses it (invalid_grant).</summary>
    public string ServiceAccountJsonWithForeignKey()
    {
        using var other = RSA.Create(2048);
        return ServiceAccountJsonWith(other);
    }

    /// <summary>
    /// Answers the next <paramref name="times"/> send requests (after the bearer and shape checks) with
    /// <paramref name="response"/>; scripted answers queue up in order, and 200 follows once they are used.
    /// </summary>
    public void Enqueue(FakeFcmResponse response, int times = 1)
    {
        lock (_gate)
        {
            for (var i = 0; i < times; i++)
            {
                _script.Enqueue(response);
            }
        }
    }

    /// <summary>
    /// Answers every message to this device token or topic with <paramref name="response"/> (ahead of the queue), e.g. a
    /// token that is <see cref="FakeFcmResponse.Unregistered"/> for an end-to-end test whose sends run in any order.
    /// </summary>
    public void AnswerFor(string deviceTokenOrTopic, FakeFcmResponse response)
    {
        lock (_gate)
        {
            _answers[deviceTokenOrTopic] = response;
        }
    }

    /// <summary>Forgets every access token issued so far: the next send with one of them gets 401 UNAUTHENTICATED.</summary>
    public void RevokeTokens()
    {
        lock (_gate)
        {
            _accessTokens.Clear();
        }
    }

    /// <summary>Clears the recorded requests, the script and the per-target answers (issued tokens stay valid).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _requests.Clear();
            _tokenRequests.Clear();
            _script.Clear();
            _answers.Clear();
        }
    }

    /// <summary>Waits (polling, bounded by <paramref name="timeout"/>) until <paramref name="count"/> requests matching <paramref name="match"/> arrived.</summary>
    public async Task<IReadOnlyList<FcmRequest>> WaitForRequestsAsync(
        int count, TimeSpan timeout, Func<FcmRequest, bool>? match = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var found = Requests.Where(match ?? (_ => true)).ToList();
            if (found.Count >= count)
            {
                return found;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException(
                    $"The fake FCM received {found.Count} of {count} expected requests within {timeout}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(25));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _key.Dispose();
    }

    private string ServiceAccountJsonWith(RSA key) => new JsonObject
    {
        ["type"] = "service_account",
        ["project_id"] = ProjectId,
        ["private_key_id"] = PrivateKeyId,
        ["private_key"] = key.ExportPkcs8PrivateKeyPem() + "\n",
        ["client_email"] = ClientEmail,
        ["client_id"] = "100000000000000000001",
        ["auth_uri"] = BaseUrl + "auth",
        ["token_uri"] = TokenUri,
        ["auth_provider_x509_cert_url"] = BaseUrl + "certs",
        ["client_x509_cert_url"] = BaseUrl + "certs/" + Uri.EscapeDataString(ClientEmail),
        ["universe_domain"] = "googleapis.com",
    }.ToJsonString();

    // ---- POST /token: RFC 7523 JWT-bearer grant, answered the way oauth2.googleapis.com does ----

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        if (!request.HasFormContentType)
        {
            return OAuthError("invalid_request", "Expected an application/x-www-form-urlencoded body.");
        }

        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        if (form["grant_type"] != JwtBearerGrant)
        {
            return OAuthError("unsupported_grant_type", $"Invalid grant_type: {form["grant_type"]}");
        }

        if (!TryReadAssertion(form["assertion"].ToString(), out var header, out var claims, out var problem))
        {
            return OAuthError("invalid_grant", problem);
        }

        var issuer = Claim(claims, "iss");
        var audience = Claim(claims, "aud");
        var scope = Claim(claims, "scope");
        var issuedAt = claims.TryGetProperty("iat", out var iat) && iat.TryGetInt64(out var i) ? i : (long?)null;
        var expires = claims.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var e) ? e : (long?)null;
        if (issuer != ClientEmail)
        {
            return OAuthError("invalid_grant", "Invalid email or User ID");
        }

        // Google.Apis.Auth names Google's token endpoint as the audience even when token_uri points elsewhere.
        if (audience != GoogleTokenAudience && audience != TokenUri)
        {
            return OAuthError("invalid_grant", $"Invalid JWT: audience \"{audience}\" is not the token endpoint.");
        }

        // Google wants a short-lived assertion; its clock is not checked here, so tests may run the adapter on a fake clock.
        if (issuedAt is null || expires is null || expires <= issuedAt || expires - issuedAt > 3600)
        {
            return OAuthError("invalid_grant",
                "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.");
        }

        if (string.IsNullOrEmpty(scope) || !scope.Split(' ').Contains(FirebaseMessagingScope))
        {
            return OAuthError("invalid_scope", "Invalid OAuth scope or ID token audience provided.");
        }

        var accessToken = "ya29.fake-" + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = _time.GetUtcNow();
        var lifetime = TokenLifetime;
        lock (_gate)
        {
            _accessTokens[accessToken] = now + lifetime;
            _tokenRequests.Add(new TokenRequest(issuer, audience, scope, Claim(header, "kid"), accessToken, now));
        }

        return Json(200, new JsonObject
        {
            ["access_token"] = accessToken,
            ["expires_in"] = (long)lifetime.TotalSeconds,
            ["token_type"] = "Bearer",
        }.ToJsonString());
    }

    private bool TryReadAssertion(string assertion, out JsonElement header, out JsonElement claims, out string problem)
    {
        header = claims = default;
        var parts = assertion.Split('.');
        if (parts.Length != 3)
        {
            problem = "Invalid JWT: not three segments.";
            return false;
        }

        try
        {
            header = JsonDocument.Parse(FromBase64Url(parts[0])).RootElement;
            claims = JsonDocument.Parse(FromBase64Url(parts[1])).RootElement;
            var signature = FromBase64Url(parts[2]);
            if (Claim(header, "alg") != "RS256")
            {
                problem = "Invalid JWT: alg must be RS256.";
                return false;
            }

            var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
            if (!_key.VerifyData(signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            {
                problem = "Invalid JWT Signature.";
                return false;
            }
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            problem = "Invalid JWT: " + ex.Message;
            return false;
        }

        problem = "";
        return true;
    }

    // ---- POST /v1/projects/{project}/messages:send ----

    private async Task<IResult> SendAsync(HttpContext context, string project, string method)
    {
        if (method != "messages:send")
        {
            return Results.NotFound();
        }

        var request = context.Request;
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var raw = await reader.ReadToEndAsync(context.RequestAborted);
        JsonElement body;
        try
        {
            body = JsonDocument.Parse(raw.Length == 0 ? "null" : raw).RootElement.Clone();
        }
        catch (JsonException)
        {
            body = JsonDocument.Parse("null").RootElement.Clone();
        }

        var authorization = request.Headers.Authorization.ToString();
        var bearer = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : null;
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);

        FakeFcmResponse answer;
        string? name = null;
        lock (_gate)
        {
            if (bearer is null || !_accessTokens.TryGetValue(bearer, out var expiry) || expiry <= _time.GetUtcNow())
            {
                answer = FakeFcmResponse.Error(401, "UNAUTHENTICATED", null,
                    "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.");
            }
            else if (project != ProjectId)
            {
                answer = FakeFcmResponse.Error(403, "PERMISSION_DENIED", null,
                    $"Permission 'cloudmessaging.messages.create' denied on resource '//cloudresourcemanager.googleapis.com/projects/{project}' (or it may not exist).");
            }
            else if (ShapeProblem(body) is { } problem)
            {
                answer = FakeFcmResponse.InvalidArgument(problem.Message, problem.Field);
            }
            else if (Target(body) is { } target && _answers.TryGetValue(target, out var scripted))
            {
                answer = scripted;
            }
            else
            {
                answer = _script.TryDequeue(out var next) ? next : FakeFcmResponse.Ok();
            }

            if (answer.StatusCode == 200)
            {
                name = $"projects/{ProjectId}/messages/0:{++_messageCounter}%{PrivateKeyId[..16]}";
            }

            _requests.Add(new FcmRequest(project, bearer, headers, raw, body, answer.StatusCode, name, _time.GetUtcNow()));
        }

        if (answer.Delay > TimeSpan.Zero)
        {
            await Task.Delay(answer.Delay, context.RequestAborted);
        }

        if (answer.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = answer.RetryAfter;
        }

        var json = answer.Body ?? new JsonObject { ["name"] = name }.ToJsonString();
        return Json(answer.StatusCode, json);
    }

    private static string? Target(JsonElement body)
    {
        var message = body.GetProperty("message");
        return message.TryGetProperty("token", out var token) ? token.GetString()
            : message.TryGetProperty("topic", out var topic) ? topic.GetString()
            : null;
    }

    /// <summary>The checks FCM makes on a message that the adapter is expected to get right, with FCM's field paths.</summary>
    private static (string Field, string Message)? ShapeProblem(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("message", out var message)
            || message.ValueKind != JsonValueKind.Object)
        {
            return ("message", "Invalid JSON payload received. Expected an object with a \"message\".");
        }

        foreach (var property in message.EnumerateObject())
        {
            if (!MessageFields.Contains(property.Name))
            {
                return ("message", $"Invalid JSON payload received. Unknown name \"{property.Name}\" at 'message': Cannot find field.");
            }
        }

        var targets = new[] { "token", "topic", "condition" }.Count(t => message.TryGetProperty(t, out _));
        if (targets != 1)
        {
            return ("message", "Exactly one of token, topic or condition must be set.");
        }

        if (message.TryGetProperty("token", out var token) && (token.ValueKind != JsonValueKind.String || token.GetString() is not { Length: > 0 }))
        {
            return ("message.token", "The registration token is not a valid FCM registration token");
        }

        if (message.TryGetProperty("topic", out var topic)
            && (topic.ValueKind != JsonValueKind.String || !TopicName().IsMatch(topic.GetString()!)))
        {
            return ("message.topic", "Invalid topic name.");
        }

        if (message.TryGetProperty("data", out var data) && !AllStrings(data))
        {
            return ("message.data", "Invalid value in data: every value must be a string.");
        }

        if (message.TryGetProperty("notification", out var notification) && !AllStrings(notification))
        {
            return ("message.notification", "Invalid notification: title and body must be strings.");
        }

        if (message.TryGetProperty("android", out var android))
        {
            if (android.TryGetProperty("ttl", out var ttl) && (ttl.ValueKind != JsonValueKind.String || !Duration().IsMatch(ttl.GetString()!)))
            {
                return ("message.android.ttl", "Invalid value at 'message.android.ttl' (type.googleapis.com/google.protobuf.Duration).");
            }

            if (android.TryGetProperty("priority", out var priority)
                && priority.GetString()?.ToLowerInvariant() is not ("normal" or "high"))
            {
                return ("message.android.priority", "Invalid value at 'message.android.priority'.");
            }
        }

        if (message.TryGetProperty("apns", out var apns) && apns.TryGetProperty("headers", out var apnsHeaders) && !AllStrings(apnsHeaders))
        {
            return ("message.apns.headers", "Invalid value in apns.headers: every value must be a string.");
        }

        return null;
    }

    private static bool AllStrings(JsonElement map) =>
        map.ValueKind == JsonValueKind.Object && map.EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.String);

    private static string? Claim(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static IResult OAuthError(string error, string description) =>
        Json(400, new JsonObject { ["error"] = error, ["error_description"] = description }.ToJsonString());

    private static IResult Json(int status, string json) => Results.Text(json, "application/json", Encoding.UTF8, status);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '='));
    }

    [GeneratedRegex("^[a-zA-Z0-9_.~%-]+$")]
    private static partial Regex TopicName();

    [GeneratedRegex(@"^\d+(\.\d{1,9})?s$")]
    private static partial Regex Duration();
}
