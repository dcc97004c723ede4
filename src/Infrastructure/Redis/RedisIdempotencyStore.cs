using System.Text.Json;
using LearningPlatform.Application.Common;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LearningPlatform.Infrastructure.Redis;

/// <summary>
/// <c>lp:idem:key:{principal}:{key}</c> holds a JSON record: first an in-flight marker with the request's
/// fingerprint (short TTL, so a crashed request frees its key), then the finished response (24 h).
/// </summary>
internal sealed class RedisIdempotencyStore(IConnectionMultiplexer redis, IOptions<RedisOptions> options) : IIdempotencyStore
{
    // Sets the in-flight marker if the key is new; otherwise returns what is there. One round trip, atomic.
    private const string BeginScript = """
        local existing = redis.call('GET', KEYS[1])
        if existing then return existing end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return false
        """;

    public async Task<IdempotencyBegin> TryBeginAsync(
        string principal, string key, string fingerprint, CancellationToken cancellationToken)
    {
        var marker = JsonSerializer.Serialize(new Record(fingerprint, null));
        var existing = await redis.GetDatabase().ScriptEvaluateAsync(
            BeginScript, [Key(principal, key)], [marker, (long)options.Value.IdempotencyInFlightTtl.TotalMilliseconds]);
        if (existing.IsNull)
        {
            return new IdempotencyBegin(IdempotencyState.Started);
        }

        var record = JsonSerializer.Deserialize<Record>((string)existing!)!;
        if (record.Fingerprint != fingerprint)
        {
            return new IdempotencyBegin(IdempotencyState.FingerprintMismatch);
        }

        return record.Response is null
            ? new IdempotencyBegin(IdempotencyState.InFlight)
            : new IdempotencyBegin(IdempotencyState.Completed, record.Response);
    }

    public Task CompleteAsync(
        string principal, string key, string fingerprint, StoredResponse response, CancellationToken cancellationToken) =>
        redis.GetDatabase().StringSetAsync(
            Key(principal, key), JsonSerializer.Serialize(new Record(fingerprint, response)), options.Value.IdempotencyRetention);

    public Task ReleaseAsync(string principal, string key, CancellationToken cancellationToken) =>
        redis.GetDatabase().KeyDeleteAsync(Key(principal, key));

    private RedisKey Key(string principal, string key) => $"{options.Value.KeyPrefix}idem:key:{principal}:{key}";

    private sealed record Record(string Fingerprint, StoredResponse? Response);
}
