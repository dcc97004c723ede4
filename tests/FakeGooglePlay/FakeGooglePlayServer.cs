using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.FakeGooglePlay;

/// <summary>
/// Google's side of Play billing on 127.0.0.1 (a free port), for tests of the real adapter: the OAuth2 token endpoint
/// (JWT-bearer grants signed by a throw-away service account of its own, <see cref="ServiceAccountJson"/>), the Play
/// Developer API's <c>purchases.subscriptionsv2.get</c>, <c>purchases.subscriptions.acknowledge</c> (every call
/// counted) and <c>purchases.voidedpurchases.list</c>, answering only for <see cref="PackageName"/> and only to the
/// access tokens it issued; and Google's OIDC JWKS with <see cref="SignPushToken"/>, which makes the tokens Pub/Sub puts
/// on its pushes (and wrong ones, for the refusals).
/// </summary>
/// <example>
/// <code>
/// await using var play = await FakeGooglePlayServer.StartAsync();
/// foreach (var (key, value) in play.Configuration()) builder.UseSetting(key, value);
/// play.SetSubscription("token-1", FakePlaySubscription.ActiveFor("premium_monthly", now));
/// // ... the adapter verifies "token-1" ...
/// play.AcknowledgeCalls("token-1").Should().Be(1);
/// var push = play.PushBody(play.SubscriptionNotification("token-1", 2), messageId: "m-1");
/// request.Headers.Authorization = new("Bearer", play.SignPushToken());
/// </code>
/// </example>
public sealed class FakeGooglePlayServer : IAsyncDisposable
{
    public const string AndroidPublisherScope = "https://www.googleapis.com/auth/androidpublisher";
    public const string JwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    public const string GoogleTokenAudience = "https://oauth2.googleapis.com/token";

    /// <summary>The issuer Google's OIDC tokens carry; the fake signs with it unless told otherwise.</summary>
    public const string GoogleIssuer = "https://accounts.google.com";

    private const string ApiPrefix = "/androidpublisher/v3/applications/";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, FakePlaySubscription> _subscriptions = [];
    private readonly Dictionary<string, int> _acknowledgeCalls = [];
    private readonly List<FakeVoidedPurchase> _voided = [];
    private readonly List<PlayApiRequest> _requests = [];
    // Scripted failures in order; one naming a method is played only by a request to that method.
    private readonly List<(int Status, string GrpcStatus, string? Method)> _failures = [];
    private readonly Dictionary<string, DateTimeOffset> _accessTokens = [];
    private readonly RSA _serviceAccountKey = RSA.Create(2048);
    private readonly RSA _oidcKey = RSA.Create(2048);
    private readonly TimeProvider _time;
    private WebApplication? _app;
    private int _tokenGrants;
    private int _jwksRequests;

    private FakeGooglePlayServer(string packageName, TimeProvider time)
    {
        PackageName = packageName;
        _time = time;
        PrivateKeyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        OidcKeyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        ClientEmail = "play-billing@lp-fake-project.iam.gserviceaccount.com";
    }

    /// <summary><c>http://127.0.0.1:{port}/</c>: the adapter's Play Developer API base URL.</summary>
    public string BaseUrl { get; private set; } = "";

    public string TokenUri => BaseUrl + "token";

    /// <summary>Where the fake publishes its OIDC signing keys (Google's is <c>https://www.googleapis.com/oauth2/v3/certs</c>).</summary>
    public string JwksUrl => BaseUrl + "oauth2/v3/certs";

    public string PackageName { get; }
    public string ClientEmail { get; }
    public string PrivateKeyId { get; }
    public string OidcKeyId { get; }

    /// <summary>The push subscription's service account, which Pub/Sub names in the token's <c>email</c>.</summary>
    public string PushServiceAccount { get; } = "rtdn-push@lp-fake-project.iam.gserviceaccount.com";

    /// <summary>The audience the push subscription is configured with.</summary>
    public string PushAudience { get; } = "https://learning.example.test/api/learning/billing/webhooks/google";

    public string ServiceAccountJson => new JsonObject
    {
        ["type"] = "service_account",
        ["project_id"] = "lp-fake-project",
        ["private_key_id"] = PrivateKeyId,
        ["private_key"] = _serviceAccountKey.ExportPkcs8PrivateKeyPem() + "\n",
        ["client_email"] = ClientEmail,
        ["client_id"] = "100000000000000000002",
        ["token_uri"] = TokenUri,
    }.ToJsonString();

    /// <summary>How many JWT-bearer grants the token endpoint accepted.</summary>
    public int TokenGrants => Volatile.Read(ref _tokenGrants);

    /// <summary>How many times the JWKS was fetched.</summary>
    public int JwksRequests => Volatile.Read(ref _jwksRequests);

    /// <summary>Every Play Developer API request, in arrival order.</summary>
    public IReadOnlyList<PlayApiRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<FakeGooglePlayServer> StartAsync(string packageName = "com.example.learning", TimeProvider? time = null)
    {
        var server = new FakeGooglePlayServer(packageName, time ?? TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(FakeGooglePlayServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/token", server.TokenAsync);
        app.MapGet("/oauth2/v3/certs", server.Jwks);
        app.MapGet(ApiPrefix + "{package}/purchases/subscriptionsv2/tokens/{token}", server.GetSubscription);
        app.MapPost(ApiPrefix + "{package}/purchases/subscriptions/{subscriptionId}/tokens/{tokenAndMethod}", server.Acknowledge);
        app.MapGet(ApiPrefix + "{package}/purchases/voidedpurchases", server.ListVoided);
        await app.StartAsync();
        server._app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Single();
        server.BaseUrl = address.TrimEnd('/') + "/";
        return server;
    }

    /// <summary>
    /// The adapter's settings under <paramref name="section"/>: package, API base URL, service account, and the Pub/Sub
    /// push checks (issuer, audience, service-account email, JWKS URL) matching <see cref="SignPushToken"/>'s defaults.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Configuration(string section = "Billing:Google") => new Dictionary<string, string?>
    {
        [$"{section}:PackageName"] = PackageName,
        [$"{section}:BaseUrl"] = BaseUrl,
        [$"{section}:ServiceAccountJson"] = ServiceAccountJson,
        [$"{section}:PubSub:Audience"] = PushAudience,
        [$"{section}:PubSub:ServiceAccountEmail"] = PushServiceAccount,
        [$"{section}:PubSub:Issuer"] = GoogleIssuer,
        [$"{section}:PubSub:JwksUrl"] = JwksUrl,
    };

    /// <summary>Adds or replaces what subscriptionsv2.get answers for <paramref name="purchaseToken"/> (acknowledgement kept).</summary>
    public void SetSubscription(string purchaseToken, FakePlaySubscription subscription)
    {
        lock (_gate)
        {
            if (_subscriptions.TryGetValue(purchaseToken, out var old) && old.Acknowledged)
            {
                subscription = subscription with { Acknowledged = true };
            }

            _subscriptions[purchaseToken] = subscription;
        }
    }

    public FakePlaySubscription? Subscription(string purchaseToken)
    {
        lock (_gate)
        {
            return _subscriptions.GetValueOrDefault(purchaseToken);
        }
    }

    /// <summary>How many acknowledge calls reached the fake for this purchase token.</summary>
    public int AcknowledgeCalls(string purchaseToken)
    {
        lock (_gate)
        {
            return _acknowledgeCalls.GetValueOrDefault(purchaseToken);
        }
    }

    public void AddVoided(FakeVoidedPurchase voided)
    {
        lock (_gate)
        {
            _voided.Add(voided);
        }
    }

    /// <summary>
    /// The next <paramref name="times"/> API requests (after the bearer check) fail with this status; with
    /// <paramref name="method"/> (e.g. <c>subscriptions.acknowledge</c>), only requests to that method, as an outage of
    /// that one method would.
    /// </summary>
    public void FailNext(int status = 503, string grpcStatus = "UNAVAILABLE", int times = 1, string? method = null)
    {
        lock (_gate)
        {
            for (var i = 0; i < times; i++)
            {
                _failures.Add((status, grpcStatus, method));
            }
        }
    }

    // ---- Pub/Sub push: tokens and bodies ----

    /// <summary>
    /// An OIDC ID token as Pub/Sub puts in a push's <c>Authorization: Bearer</c>, by default valid for the configured
    /// audience and service account; each parameter makes one thing wrong. <paramref name="foreignKey"/> signs with a key
    /// the JWKS does not hold (same <c>kid</c>).
    /// </summary>
    public string SignPushToken(
        string? audience = null, string? email = null, bool emailVerified = true, string issuer = GoogleIssuer,
        TimeSpan? lifetime = null, DateTimeOffset? issuedAt = null, bool foreignKey = false, string alg = "RS256")
    {
        var now = issuedAt ?? _time.GetUtcNow();
        var header = new JsonObject { ["alg"] = alg, ["kid"] = OidcKeyId, ["typ"] = "JWT" };
        var claims = new JsonObject
        {
            ["aud"] = audience ?? PushAudience,
            ["azp"] = "100000000000000000003",
            ["email"] = email ?? PushServiceAccount,
            ["email_verified"] = emailVerified,
            ["exp"] = (now + (lifetime ?? TimeSpan.FromHours(1))).ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["iss"] = issuer,
            ["sub"] = "100000000000000000003",
        };
        var signingInput = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "."
            + Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        using var other = foreignKey ? RSA.Create(2048) : null;
        var signature = (other ?? _oidcKey).SignData(
            Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    /// <summary>A <c>DeveloperNotification</c> with a <c>subscriptionNotification</c> (type 2 RENEWED, 3 CANCELED, 4 PURCHASED, 12 REVOKED, 13 EXPIRED, ...).</summary>
    public JsonObject SubscriptionNotification(string purchaseToken, int notificationType, string subscriptionId = "premium_monthly") => new()
    {
        ["version"] = "1.0",
        ["packageName"] = PackageName,
        ["eventTimeMillis"] = _time.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["subscriptionNotification"] = new JsonObject
        {
            ["version"] = "1.0",
            ["notificationType"] = notificationType,
            ["purchaseToken"] = purchaseToken,
            ["subscriptionId"] = subscriptionId,
        },
    };

    /// <summary>A <c>DeveloperNotification</c> with a <c>voidedPurchaseNotification</c> (productType 1 = subscription).</summary>
    public JsonObject VoidedNotification(string purchaseToken, string orderId) => new()
    {
        ["version"] = "1.0",
        ["packageName"] = PackageName,
        ["eventTimeMillis"] = _time.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["voidedPurchaseNotification"] = new JsonObject
        {
            ["purchaseToken"] = purchaseToken,
            ["orderId"] = orderId,
            ["productType"] = 1,
            ["refundType"] = 1,
        },
    };

    /// <summary>The JSON body Pub/Sub posts: the notification base64 in <c>message.data</c>, with its message id.</summary>
    public string PushBody(JsonObject notification, string? messageId = null)
    {
        messageId ??= Random.Shared.NextInt64(1_000_000_000, 9_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var published = FakePlaySubscription.Timestamp(_time.GetUtcNow());
        return new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(notification.ToJsonString())),
                ["messageId"] = messageId,
                ["message_id"] = messageId,
                ["publishTime"] = published,
                ["publish_time"] = published,
            },
            ["subscription"] = "projects/lp-fake-project/subscriptions/play-rtdn-push",
        }.ToJsonString();
    }

    /// <summary>Polls (bounded by <paramref name="timeout"/>) until <paramref name="condition"/> holds.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Waited {timeout} for {what}.");
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

        _serviceAccountKey.Dispose();
        _oidcKey.Dispose();
    }

    // ---- GET /oauth2/v3/certs ----

    private IResult Jwks()
    {
        Interlocked.Increment(ref _jwksRequests);
        var parameters = _oidcKey.ExportParameters(includePrivateParameters: false);
        var key = new JsonObject
        {
            ["kty"] = "RSA",
            ["alg"] = "RS256",
            ["use"] = "sig",
            ["kid"] = OidcKeyId,
            ["n"] = Base64Url(parameters.Modulus!),
            ["e"] = Base64Url(parameters.Exponent!),
        };
        return Json(200, new JsonObject { ["keys"] = new JsonArray(key) }.ToJsonString());
    }

    // ---- POST /token ----

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

        var parts = form["assertion"].ToString().Split('.');
        if (parts.Length != 3)
        {
            return OAuthError("invalid_grant", "Invalid JWT: not three segments.");
        }

        JsonElement claims;
        try
        {
            claims = JsonDocument.Parse(FromBase64Url(parts[1])).RootElement;
            var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
            if (!_serviceAccountKey.VerifyData(signed, FromBase64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            {
                return OAuthError("invalid_grant", "Invalid JWT Signature.");
            }
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return OAuthError("invalid_grant", "Invalid JWT: " + ex.Message);
        }

        if (Claim(claims, "iss") != ClientEmail)
        {
            return OAuthError("invalid_grant", "Invalid email or User ID");
        }

        if (Claim(claims, "aud") is not (GoogleTokenAudience or null) && Claim(claims, "aud") != TokenUri)
        {
            return OAuthError("invalid_grant", "Invalid JWT: audience is not the token endpoint.");
        }

        if (Claim(claims, "scope") is not { } scope || !scope.Split(' ').Contains(AndroidPublisherScope))
        {
            return OAuthError("invalid_scope", "Invalid OAuth scope or ID token audience provided.");
        }

        var accessToken = "ya29.fake-play-" + Base64Url(RandomNumberGenerator.GetBytes(32));
        lock (_gate)
        {
            _accessTokens[accessToken] = _time.GetUtcNow().AddHours(1);
        }

        Interlocked.Increment(ref _tokenGrants);
        return Json(200, new JsonObject
        {
            ["access_token"] = accessToken,
            ["expires_in"] = 3600,
            ["token_type"] = "Bearer",
        }.ToJsonString());
    }

    // ---- the Play Developer API ----

    private IResult GetSubscription(HttpContext context, string package, string token) =>
        Answer(context, "subscriptionsv2.get", token, package, () =>
        {
            if (!_subscriptions.TryGetValue(token, out var subscription))
            {
                return InvalidValue();
            }

            return (200, subscription.ToJson().ToJsonString());
        });

    private IResult Acknowledge(HttpContext context, string package, string subscriptionId, string tokenAndMethod)
    {
        var colon = tokenAndMethod.LastIndexOf(':');
        if (colon < 0 || tokenAndMethod[(colon + 1)..] != "acknowledge")
        {
            return Results.NotFound();
        }

        var token = tokenAndMethod[..colon];
        return Answer(context, "subscriptions.acknowledge", token, package, () =>
        {
            _acknowledgeCalls[token] = _acknowledgeCalls.GetValueOrDefault(token) + 1;
            if (!_subscriptions.TryGetValue(token, out var subscription) || subscription.ProductId != subscriptionId)
            {
                return InvalidValue();
            }

            _subscriptions[token] = subscription with { Acknowledged = true };
            return (200, "");
        });
    }

    private IResult ListVoided(HttpContext context, string package) =>
        Answer(context, "voidedpurchases.list", null, package, () =>
        {
            var query = context.Request.Query;
            var start = long.TryParse(query["startTime"], out var s) ? DateTimeOffset.FromUnixTimeMilliseconds(s) : _time.GetUtcNow().AddDays(-30);
            var end = long.TryParse(query["endTime"], out var e) ? DateTimeOffset.FromUnixTimeMilliseconds(e) : _time.GetUtcNow();
            var max = int.TryParse(query["maxResults"], out var m) ? Math.Clamp(m, 1, 1000) : 1000;
            var offset = int.TryParse(query["token"], out var o) ? o : 0;
            if (query["type"] != "1")
            {
                // type 0 (the default) lists in-app products only: a subscription's refund would be missed.
                return (200, "{}");
            }

            var matching = _voided.Where(v => v.VoidedTime >= start && v.VoidedTime <= end).OrderBy(v => v.VoidedTime).ToList();
            var page = matching.Skip(offset).Take(max).ToList();
            var json = new JsonObject
            {
                ["voidedPurchases"] = new JsonArray([.. page.Select(v => (JsonNode)new JsonObject
                {
                    ["kind"] = "androidpublisher#voidedPurchase",
                    ["purchaseToken"] = v.PurchaseToken,
                    ["purchaseTimeMillis"] = v.PurchaseTime.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["voidedTimeMillis"] = v.VoidedTime.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["orderId"] = v.OrderId,
                    ["voidedSource"] = v.VoidedSource,
                    ["voidedReason"] = v.VoidedReason,
                })]),
            };
            if (offset + page.Count < matching.Count)
            {
                json["tokenPagination"] = new JsonObject { ["nextPageToken"] = (offset + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture) };
            }

            return (200, json.ToJsonString());
        });

    /// <summary>Checks the bearer and the package, plays a scripted failure, else runs <paramref name="answer"/> under the lock.</summary>
    private IResult Answer(HttpContext context, string method, string? token, string package, Func<(int Status, string Body)> answer)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var bearer = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : null;
        (int Status, string Body) result;
        lock (_gate)
        {
            if (bearer is null || !_accessTokens.TryGetValue(bearer, out var expiry) || expiry <= _time.GetUtcNow())
            {
                result = GoogleError(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.", "authError");
            }
            else if (package != PackageName)
            {
                result = GoogleError(404, "NOT_FOUND", "No application was found for the given package name.", "applicationNotFound");
            }
            else if (_failures.FindIndex(f => f.Method is null || f.Method == method) is var next and >= 0)
            {
                var failure = _failures[next];
                _failures.RemoveAt(next);
                result = GoogleError(failure.Status, failure.GrpcStatus, "Scripted failure.", "backendError");
            }
            else
            {
                result = answer();
            }

            _requests.Add(new PlayApiRequest(method, token, result.Status, _time.GetUtcNow()));
        }

        return result.Body.Length == 0 ? Results.StatusCode(result.Status) : Json(result.Status, result.Body);
    }

    private static (int, string) InvalidValue() => GoogleError(400, "INVALID_ARGUMENT", "Invalid Value", "invalid");

    private static (int, string) GoogleError(int code, string status, string message, string reason) => (code, new JsonObject
    {
        ["error"] = new JsonObject
        {
            ["code"] = code,
            ["message"] = message,
            ["errors"] = new JsonArray(new JsonObject { ["message"] = message, ["domain"] = "global", ["reason"] = reason }),
            ["status"] = status,
        },
    }.ToJsonString());

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
}

/// <summary>One Play Developer API request the fake received and the status it answered.</summary>
public sealed record PlayApiRequest(string Method, string? PurchaseToken, int AnsweredStatus, DateTimeOffset ReceivedAt);
