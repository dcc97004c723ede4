using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Infrastructure.Billing.Google;

/// <summary>
/// Google's OIDC signing keys (RSA, from <c>Billing:Google:PubSub:JwksUrl</c>), cached for <c>JwksCacheLifetime</c>.
/// A token naming a key the cache lacks causes one early refetch (Google rotated), at most once a minute, so a flood of
/// forged <c>kid</c>s cannot turn into a flood of fetches. Callers share one fetch in flight.
/// </summary>
internal sealed class GoogleOidcKeys(
    IHttpClientFactory httpClients, IOptions<GooglePlayOptions> options, TimeProvider time, ILogger<GoogleOidcKeys> logger)
{
    public const string HttpClientName = "google-oidc-keys";

    private static readonly TimeSpan MinRefetchInterval = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _fetch = new(1, 1);
    // One immutable reference, swapped whole: readers outside the lock never see keys of one fetch with the time of another.
    private volatile KeySet _current = new(new Dictionary<string, RSAParameters>(), DateTimeOffset.MinValue);

    /// <summary>The key named <paramref name="keyId"/>, or null (unknown even after a refetch, or the JWKS cannot be fetched).</summary>
    public async Task<RSAParameters?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        var lifetime = options.Value.PubSub.JwksCacheLifetime;
        var current = _current;
        if (current.Keys.TryGetValue(keyId, out var key) && time.GetUtcNow() - current.FetchedAt < lifetime)
        {
            return key;
        }

        await _fetch.WaitAsync(cancellationToken);
        try
        {
            current = _current;
            var age = time.GetUtcNow() - current.FetchedAt;
            if (age >= lifetime || (!current.Keys.ContainsKey(keyId) && age >= MinRefetchInterval))
            {
                await FetchAsync(current, cancellationToken);
            }

            return _current.Keys.TryGetValue(keyId, out key) ? key : null;
        }
        finally
        {
            _fetch.Release();
        }
    }

    private async Task FetchAsync(KeySet previous, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName)
                .GetAsync(options.Value.PubSub.JwksUrl, cancellationToken);
            response.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
            var keys = new Dictionary<string, RSAParameters>(StringComparer.Ordinal);
            if (json.RootElement.TryGetProperty("keys", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in list.EnumerateArray())
                {
                    if (Text(item, "kty") == "RSA" && Text(item, "kid") is { Length: > 0 } kid
                        && Text(item, "n") is { Length: > 0 } n && Text(item, "e") is { Length: > 0 } e
                        && Text(item, "use") is null or "sig")
                    {
                        keys[kid] = new RSAParameters { Modulus = Base64Url.DecodeFromChars(n), Exponent = Base64Url.DecodeFromChars(e) };
                    }
                }
            }

            _current = new KeySet(keys, time.GetUtcNow());
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or FormatException or InvalidOperationException
                                       or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Keep the keys we had (they are still Google's) for the minimum interval, then try again.
            logger.LogWarning("Fetching Google's OIDC keys from {Url} failed: {Error}", options.Value.PubSub.JwksUrl, ex.Message);
            _current = previous with { FetchedAt = time.GetUtcNow() - options.Value.PubSub.JwksCacheLifetime + MinRefetchInterval };
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed record KeySet(IReadOnlyDictionary<string, RSAParameters> Keys, DateTimeOffset FetchedAt);
}
