using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Apis.Auth.OAuth2.Responses;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace LearningPlatform.Infrastructure.Billing.Google;

/// <summary>
/// The Play Developer API over REST (<c>{BaseUrl}androidpublisher/v3/applications/{package}/…</c>) with the service
/// account's bearer token. Every call is bounded by <c>RequestTimeout</c> (token included) and retried twice on a
/// passing failure (connection, 429, 5xx, a refused token after fetching a new one): all three calls are safe to repeat.
/// What is still failing afterwards is a <see cref="GooglePlayUnavailableException"/>.
/// </summary>
internal sealed class GooglePlayClient
{
    public const string HttpClientName = "google-play";

    private readonly IHttpClientFactory _httpClients;
    private readonly GooglePlayCredential _credential;
    private readonly GooglePlayOptions _options;
    private readonly ILogger<GooglePlayClient> _logger;
    private readonly ResiliencePipeline _pipeline;

    public GooglePlayClient(
        IHttpClientFactory httpClients, GooglePlayCredential credential, IOptions<GooglePlayOptions> options,
        ILogger<GooglePlayClient> logger)
    {
        _httpClients = httpClients;
        _credential = credential;
        _options = options.Value;
        _logger = logger;
        // Back-off runs on real time, not the injected clock: it spaces network calls, it is not business time.
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = TimeProvider.System }
            .AddTimeout(_options.RequestTimeout)
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = 2,
                Delay = TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<TransientPlayFailure>().Handle<HttpRequestException>()
                    .Handle<TokenResponseException>(),
            })
            .Build();
    }

    private string Application => "androidpublisher/v3/applications/" + Uri.EscapeDataString(_options.PackageName);

    /// <summary>The subscription behind <paramref name="purchaseToken"/>; null when Google does not know the token
    /// (400 "Invalid Value", 404) or no longer keeps it (410, expired over 60 days ago).</summary>
    public async Task<PlaySubscription?> GetSubscriptionAsync(string purchaseToken, CancellationToken cancellationToken)
    {
        var (status, body) = await SendAsync(
            HttpMethod.Get, $"{Application}/purchases/subscriptionsv2/tokens/{Uri.EscapeDataString(purchaseToken)}",
            content: null, "subscriptionsv2.get", cancellationToken);
        if (status == HttpStatusCode.OK)
        {
            return PlaySubscription.Parse(body)
                ?? throw new GooglePlayUnavailableException("subscriptionsv2.get answered a subscription without a state or product.");
        }

        if (status is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.Gone && !IsPackageMissing(body))
        {
            return null;
        }

        throw Refused("subscriptionsv2.get", status, body);
    }

    /// <summary>
    /// <c>purchases.subscriptions.acknowledge</c>. Play refunds a purchase not acknowledged within three days; the
    /// caller decides that this purchase is ours to acknowledge (once).
    /// </summary>
    public async Task AcknowledgeAsync(string productId, string purchaseToken, CancellationToken cancellationToken)
    {
        var (status, body) = await SendAsync(
            HttpMethod.Post,
            $"{Application}/purchases/subscriptions/{Uri.EscapeDataString(productId)}/tokens/{Uri.EscapeDataString(purchaseToken)}:acknowledge",
            content: "{}", "subscriptions.acknowledge", cancellationToken);
        if (status is not (HttpStatusCode.OK or HttpStatusCode.NoContent))
        {
            throw Refused("subscriptions.acknowledge", status, body);
        }
    }

    /// <summary>One page of <c>purchases.voidedpurchases.list</c> (<c>type=1</c>: subscriptions too), oldest first.</summary>
    public async Task<PlayVoidedPage> ListVoidedAsync(
        DateTimeOffset start, DateTimeOffset end, string? pageToken, CancellationToken cancellationToken)
    {
        var query = new StringBuilder($"{Application}/purchases/voidedpurchases?type=1&maxResults=1000")
            .Append("&startTime=").Append(start.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture))
            .Append("&endTime=").Append(end.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        if (pageToken is not null)
        {
            query.Append("&token=").Append(Uri.EscapeDataString(pageToken));
        }

        var (status, body) = await SendAsync(HttpMethod.Get, query.ToString(), content: null, "voidedpurchases.list", cancellationToken);
        if (status != HttpStatusCode.OK)
        {
            throw Refused("voidedpurchases.list", status, body);
        }

        using var json = JsonDocument.Parse(body);
        var purchases = new List<PlayVoidedPurchase>();
        if (json.RootElement.TryGetProperty("voidedPurchases", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                if (Text(item, "purchaseToken") is { Length: > 0 } token
                    && long.TryParse(Text(item, "voidedTimeMillis"), CultureInfo.InvariantCulture, out var voidedMillis))
                {
                    var reason = item.TryGetProperty("voidedReason", out var r) && r.TryGetInt32(out var value) ? value : 0;
                    purchases.Add(new PlayVoidedPurchase(
                        token, Text(item, "orderId"), DateTimeOffset.FromUnixTimeMilliseconds(voidedMillis), reason));
                }
            }
        }

        var next = json.RootElement.TryGetProperty("tokenPagination", out var pagination) ? Text(pagination, "nextPageToken") : null;
        return new PlayVoidedPage(purchases, string.IsNullOrEmpty(next) ? null : next);
    }

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(
        HttpMethod method, string path, string? content, string operation, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(async token =>
            {
                var accessToken = await _credential.GetAccessTokenAsync(token);
                using var request = new HttpRequestMessage(method, path);
                if (content is not null)
                {
                    request.Content = new StringContent(content, Encoding.UTF8, "application/json");
                }

                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
                using var response = await _httpClients.CreateClient(HttpClientName).SendAsync(request, token);
                var body = await response.Content.ReadAsStringAsync(token);
                var status = response.StatusCode;
                if (status == HttpStatusCode.Unauthorized)
                {
                    // Our token was refused (revoked, or expired early by clock skew): the cached one would be refused again.
                    await _credential.RefreshAsync(token);
                    throw new TransientPlayFailure(status, body);
                }

                if (status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500)
                {
                    throw new TransientPlayFailure(status, body);
                }

                return (status, body);
            }, cancellationToken);
        }
        catch (TransientPlayFailure ex)
        {
            throw Refused(operation, ex.Status, ex.Body);
        }
        catch (HttpRequestException ex)
        {
            _logger.LogWarning("Google Play {Operation} failed: {Error}", operation, ex.Message);
            throw new GooglePlayUnavailableException($"Google Play {operation}: connection failed.", ex);
        }
        catch (TimeoutRejectedException ex)
        {
            _logger.LogWarning("Google Play {Operation} got no answer within {Timeout}", operation, _options.RequestTimeout);
            throw new GooglePlayUnavailableException($"Google Play {operation}: no answer within {_options.RequestTimeout}.", ex);
        }
        catch (TokenResponseException ex)
        {
            // The token endpoint refused the key (deleted service account, bad clock): every call fails alike until an
            // operator acts, so this is logged as an error.
            _logger.LogError("Google Play access token request failed: {Error} {Description} (HTTP {Status})",
                ex.Error?.Error, ex.Error?.ErrorDescription, (int?)ex.StatusCode);
            throw new GooglePlayUnavailableException("Google Play: the access token request failed.", ex);
        }
    }

    /// <summary>A 404 for the application (wrong package name, or the service account lacks access) is configuration, not a token.</summary>
    private static bool IsPackageMissing(string body) => body.Contains("applicationNotFound", StringComparison.Ordinal);

    private GooglePlayUnavailableException Refused(string operation, HttpStatusCode status, string body)
    {
        var message = $"Google Play {operation} answered HTTP {(int)status}: {Summary(body)}";
        if ((int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout)
        {
            _logger.LogWarning("{Message}", message);
        }
        else
        {
            // 401 after a fresh token, 403, a missing application: configuration or permissions, for an operator.
            _logger.LogError("{Message}", message);
        }

        return new GooglePlayUnavailableException(message);
    }

    private static string Summary(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                ? $"{Text(error, "status")} {Text(error, "message")}"
                : "(no error body)";
        }
        catch (JsonException)
        {
            return "(no error body)";
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed class TransientPlayFailure(HttpStatusCode status, string body) : Exception($"HTTP {(int)status}")
    {
        public HttpStatusCode Status { get; } = status;
        public string Body { get; } = body;
    }
}

/// <summary>Google Play could not answer (outage, throttling, refused credentials): nothing was decided, try again later.</summary>
public sealed class GooglePlayUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
