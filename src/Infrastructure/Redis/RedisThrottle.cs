using LearningPlatform.Application.Common;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LearningPlatform.Infrastructure.Redis;

/// <summary>Fixed-window counter: INCR, and the window's expiry set by the first hit, atomically in one script.</summary>
internal sealed class RedisThrottle(IConnectionMultiplexer redis, IOptions<RedisOptions> options) : IThrottle
{
    private const string Script = """
        local count = redis.call('INCR', KEYS[1])
        if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) ttl = tonumber(ARGV[1]) end
        return { count, ttl }
        """;

    public async Task<ThrottleDecision> HitAsync(
        string policy, string partition, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        RedisKey key = $"{options.Value.KeyPrefix}throttle:{policy}:{partition}";
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(
            Script, [key], [(long)window.TotalMilliseconds]))!;
        var count = (long)result[0];
        var ttl = TimeSpan.FromMilliseconds((long)result[1]);
        return new ThrottleDecision(count <= limit, count <= limit ? TimeSpan.Zero : ttl);
    }
}
