using LearningPlatform.Application.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LearningPlatform.Infrastructure.Redis;

internal sealed class RedisDistributedLocks(
    IConnectionMultiplexer redis, IOptions<RedisOptions> options, ILogger<RedisDistributedLocks> logger) : IDistributedLocks
{
    public async Task<IAsyncDisposable?> TryAcquireAsync(string key, TimeSpan lease, CancellationToken cancellationToken)
    {
        RedisKey redisKey = options.Value.KeyPrefix + key;
        var token = Guid.NewGuid().ToString("N");
        var db = redis.GetDatabase();
        return await db.LockTakeAsync(redisKey, token, lease) ? new Lease(db, redisKey, token, logger) : null;
    }

    private sealed class Lease(IDatabase db, RedisKey key, string token, ILogger logger) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                // Deletes the key only if it still holds our token, so an expired lease never frees someone else's.
                await db.LockReleaseAsync(key, token);
            }
            catch (RedisException ex)
            {
                logger.LogWarning(ex, "Could not release lock {Key}; it expires by itself", key.ToString());
            }
        }
    }
}
