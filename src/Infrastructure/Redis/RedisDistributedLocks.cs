using LearningPlatform.Application.Common;
using Medallion.Threading.Redis;
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

    public async Task<IRenewedLease?> TryAcquireRenewedAsync(string key, TimeSpan lease, CancellationToken cancellationToken)
    {
        // DistributedLock.Redis: SET NX PX with a random token, extended every third of the lease while held; its
        // HandleLostToken fires when an extension finds the key gone or someone else's.
        var distributedLock = new RedisDistributedLock(
            options.Value.KeyPrefix + key, redis.GetDatabase(), o => o.Expiry(lease).ExtensionCadence(lease / 3));
        var handle = await distributedLock.TryAcquireAsync(TimeSpan.Zero, cancellationToken);
        return handle is null ? null : new RenewedLease(handle, key, logger);
    }

    private sealed class RenewedLease(RedisDistributedLockHandle handle, string key, ILogger logger) : IRenewedLease
    {
        public CancellationToken Lost => handle.HandleLostToken;

        public async ValueTask DisposeAsync()
        {
            try
            {
                await handle.DisposeAsync();
            }
            catch (RedisException ex)
            {
                logger.LogWarning(ex, "Could not release lock {Key}; it expires by itself", key);
            }
        }
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
