using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Gateway;

/// <summary>
/// Asks the token server whether a (signature-valid) access token is still active. Answers are kept in
/// <see cref="HybridCache"/> under <c>introspect:{sha256(token)}</c> (in Redis: <c>lp:cache:introspect:…</c>) for at
/// most <see cref="IntrospectionOptions.CacheSeconds"/>; concurrent requests with the same new token share one call.
/// The HttpClient carries the timeout and circuit breaker (<see cref="DependencyInjection.AddTokenIntrospection"/>):
/// an unreachable, silent or failing (5xx) token server throws, and a failure is never cached.
/// </summary>
internal sealed class TokenIntrospector(
    HttpClient http, HybridCache cache, IOptions<IntrospectionOptions> options, TimeProvider clock, ILogger<TokenIntrospector> logger)
{
    public async Task<bool> IsActiveAsync(string token, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        var lifetimeLeft = (expires - clock.GetUtcNow()).TotalSeconds;
        var keep = TimeSpan.FromSeconds(Math.Clamp(lifetimeLeft, 1, options.Value.CacheSeconds));
        // The memory tier keeps an answer no longer than the whole entry: one read from Redis keeps only what is left
        // of its time, so no instance serves an answer older than CacheSeconds.
        var entry = new HybridCacheEntryOptions { Expiration = keep, LocalCacheExpiration = keep };
        var key = "introspect:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        return await cache.GetOrCreateAsync(key, (Introspector: this, Token: token),
            static (state, ct) => state.Introspector.AskAsync(state.Token, ct), entry, cancellationToken: cancellationToken);
    }

    private async ValueTask<bool> AskAsync(string token, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var response = await http.PostAsync(settings.Endpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token,
            ["token_type_hint"] = "access_token",
            ["client_id"] = settings.ClientId,
            ["client_secret"] = settings.ClientSecret,
        }), cancellationToken);
        if ((int)response.StatusCode >= 500)
        {
            throw new HttpRequestException($"Introspection answered {(int)response.StatusCode}.", null, response.StatusCode);
        }

        // A 4xx means the token server refuses to vouch for this token (not one it issued): inactive, like active=false.
        // A misconfigured client secret also lands here; it is logged, since every token would then be refused.
        if (!response.IsSuccessStatusCode)
        {
            logger.LogWarning("Introspection answered {Status}: token treated as inactive", (int)response.StatusCode);
            return false;
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return json.RootElement.TryGetProperty("active", out var active) && active.GetBoolean();
    }
}
