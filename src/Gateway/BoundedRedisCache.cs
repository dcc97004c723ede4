using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LearningPlatform.Gateway;

/// <summary>
/// HybridCache's second tier: the Redis distributed cache, with every call bounded by
/// <c>Gateway:RateLimits:RedisTimeoutMs</c> (like every other Redis call of the gateway). A Redis that fails or does
/// not answer in time is a miss (reads) or a skipped write, logged as one warning line: the cache only saves token
/// server calls, so an outage costs a call, never a hang or a failed request. HybridCache would log each failure as an
/// error with its stack trace, and wait as long as the multiplexer's own timeout.
/// </summary>
internal sealed class BoundedRedisCache(IDistributedCache redis, IOptions<RateLimitOptions> options, ILogger<BoundedRedisCache> logger)
    : IDistributedCache
{
    private TimeSpan Timeout => TimeSpan.FromMilliseconds(options.Value.RedisTimeoutMs);

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        try
        {
            return await redis.GetAsync(key, token).WaitAsync(Timeout, token);
        }
        catch (Exception ex) when (IsOutage(ex, token))
        {
            logger.LogWarning("Cache unavailable ({Error}): read as a miss", ex.GetType().Name);
            return null;
        }
    }

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions entry, CancellationToken token = default) =>
        TryAsync(redis.SetAsync(key, value, entry, token), "write skipped", token);

    public Task RefreshAsync(string key, CancellationToken token = default) =>
        TryAsync(redis.RefreshAsync(key, token), "refresh skipped", token);

    public Task RemoveAsync(string key, CancellationToken token = default) =>
        TryAsync(redis.RemoveAsync(key, token), "remove skipped", token);

    // HybridCache calls the asynchronous members only; these keep the interface whole.
    public byte[]? Get(string key) => GetAsync(key).GetAwaiter().GetResult();

    public void Set(string key, byte[] value, DistributedCacheEntryOptions entry) => SetAsync(key, value, entry).GetAwaiter().GetResult();

    public void Refresh(string key) => RefreshAsync(key).GetAwaiter().GetResult();

    public void Remove(string key) => RemoveAsync(key).GetAwaiter().GetResult();

    private async Task TryAsync(Task call, string outcome, CancellationToken token)
    {
        try
        {
            await call.WaitAsync(Timeout, token);
        }
        catch (Exception ex) when (IsOutage(ex, token))
        {
            logger.LogWarning("Cache unavailable ({Error}): {Outcome}", ex.GetType().Name, outcome);
        }
    }

    private static bool IsOutage(Exception ex, CancellationToken token) =>
        ex is RedisException or TimeoutException || (ex is OperationCanceledException && !token.IsCancellationRequested);
}
