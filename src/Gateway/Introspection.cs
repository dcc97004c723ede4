using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LearningPlatform.Gateway;

public sealed class IntrospectionOptions
{
    public const string Section = "Gateway:Introspection";

    /// <summary>Off by default: JWTs are validated offline. On, a revoked token stops working within <see cref="CacheSeconds"/>.</summary>
    public bool Enabled { get; set; }
    public string Endpoint { get; set; } = string.Empty;
    public string ClientId { get; set; } = "learning-api";
    public string ClientSecret { get; set; } = string.Empty;
    /// <summary>How long an answer is cached in Redis; at most 30 s.</summary>
    public int CacheSeconds { get; set; } = 30;
}

/// <summary>
/// Asks the token server whether a (signature-valid) access token is still active, caching the answer in Redis
/// under <c>lp:introspect:{sha256(token)}</c> for at most <see cref="IntrospectionOptions.CacheSeconds"/>.
/// </summary>
internal sealed class TokenIntrospector(
    HttpClient http, IConnectionMultiplexer redis, IOptions<IntrospectionOptions> options,
    IOptions<RateLimitOptions> keys, ILogger<TokenIntrospector> logger)
{
    public async Task<bool> IsActiveAsync(string token, DateTime expiresUtc, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        RedisKey key = $"{keys.Value.KeyPrefix}introspect:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))}";
        var cached = await TryRedisAsync(db => db.StringGetAsync(key));
        if (cached is { IsNull: false })
        {
            return cached.Value == "1";
        }

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
        var active = false;
        if (response.IsSuccessStatusCode)
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            active = json.RootElement.TryGetProperty("active", out var a) && a.GetBoolean();
        }
        else
        {
            logger.LogWarning("Introspection answered {Status}: token treated as inactive", (int)response.StatusCode);
        }

        var ttl = TimeSpan.FromSeconds(Math.Min(Math.Min(settings.CacheSeconds, 30), Math.Max(1, (expiresUtc - DateTime.UtcNow).TotalSeconds)));
        await TryRedisAsync(async db =>
        {
            await db.StringSetAsync(key, active ? "1" : "0", ttl);
            return RedisValue.Null;
        });
        return active;
    }

    // The cache is an optimisation: without Redis every request asks the token server.
    private async Task<RedisValue?> TryRedisAsync(Func<IDatabase, Task<RedisValue>> call)
    {
        try
        {
            return await call(redis.GetDatabase()).WaitAsync(TimeSpan.FromMilliseconds(250));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("Introspection cache unavailable ({Error})", ex.GetType().Name);
            return null;
        }
    }
}
