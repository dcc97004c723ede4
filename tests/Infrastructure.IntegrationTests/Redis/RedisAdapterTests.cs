using System.Text;
using LearningPlatform.Application.Common;
using LearningPlatform.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace LearningPlatform.Infrastructure.IntegrationTests.Redis;

[Trait("Category", "Redis")] // also run on a Redis Cluster (scripts/test.sh)
public class RedisAdapterTests(InfrastructureFixture fixture) : IClassFixture<InfrastructureFixture>
{
    private readonly IDatabase _redis = ConnectionMultiplexer.Connect(TestEnvironment.Redis).GetDatabase();

    private T Get<T>() where T : notnull => fixture.Services.GetRequiredService<T>();

    [Fact]
    public async Task Lock_is_exclusive_has_a_ttl_and_is_free_again_after_release()
    {
        var locks = Get<IDistributedLocks>();
        var key = $"idem:start:{Guid.NewGuid()}:{Guid.NewGuid()}";

        var first = await locks.TryAcquireAsync(key, TimeSpan.FromSeconds(30), CancellationToken.None);
        first.Should().NotBeNull();
        (await locks.TryAcquireAsync(key, TimeSpan.FromSeconds(30), CancellationToken.None)).Should().BeNull();
        (await _redis.KeyTimeToLiveAsync(fixture.RedisPrefix + key)).Should().BeGreaterThan(TimeSpan.FromSeconds(25));

        await first!.DisposeAsync();
        (await _redis.KeyExistsAsync(fixture.RedisPrefix + key)).Should().BeFalse();
        (await locks.TryAcquireAsync(key, TimeSpan.FromSeconds(30), CancellationToken.None)).Should().NotBeNull();
    }

    [Fact]
    public async Task Releasing_an_expired_lease_does_not_free_the_next_holders_lock()
    {
        var locks = Get<IDistributedLocks>();
        var key = $"lock:{Guid.NewGuid()}";
        var stale = await locks.TryAcquireAsync(key, TimeSpan.FromSeconds(30), CancellationToken.None);
        await _redis.KeyDeleteAsync(fixture.RedisPrefix + key); // the lease ran out
        var current = await locks.TryAcquireAsync(key, TimeSpan.FromSeconds(30), CancellationToken.None);
        current.Should().NotBeNull();

        await stale!.DisposeAsync();

        (await _redis.KeyExistsAsync(fixture.RedisPrefix + key)).Should().BeTrue("the stale holder's release must not delete the new lease");
    }

    [Fact]
    public async Task Idempotency_store_walks_started_in_flight_completed_and_tells_a_different_body_apart()
    {
        var store = Get<IIdempotencyStore>();
        var principal = Guid.NewGuid().ToString();

        (await store.TryBeginAsync(principal, "k", "fp-1", CancellationToken.None)).State.Should().Be(IdempotencyState.Started);
        (await store.TryBeginAsync(principal, "k", "fp-1", CancellationToken.None)).State.Should().Be(IdempotencyState.InFlight);
        (await store.TryBeginAsync(principal, "k", "fp-2", CancellationToken.None)).State.Should().Be(IdempotencyState.FingerprintMismatch);
        var inFlightTtl = await _redis.KeyTimeToLiveAsync($"{fixture.RedisPrefix}idem:key:{principal}:k");
        inFlightTtl.Should().BeLessThanOrEqualTo(TimeSpan.FromSeconds(60));

        var response = new StoredResponse(201, "application/json", "/x", Encoding.UTF8.GetBytes("{\"a\":1}"));
        await store.CompleteAsync(principal, "k", "fp-1", response, CancellationToken.None);

        var replay = await store.TryBeginAsync(principal, "k", "fp-1", CancellationToken.None);
        replay.State.Should().Be(IdempotencyState.Completed);
        replay.Response!.StatusCode.Should().Be(201);
        replay.Response.Location.Should().Be("/x");
        Encoding.UTF8.GetString(replay.Response.Body).Should().Be("{\"a\":1}");
        (await store.TryBeginAsync(principal, "k", "fp-2", CancellationToken.None)).State.Should().Be(IdempotencyState.FingerprintMismatch);
        (await _redis.KeyTimeToLiveAsync($"{fixture.RedisPrefix}idem:key:{principal}:k"))
            .Should().BeCloseTo(TimeSpan.FromHours(24), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Released_key_can_start_again()
    {
        var store = Get<IIdempotencyStore>();
        var principal = Guid.NewGuid().ToString();
        await store.TryBeginAsync(principal, "k", "fp", CancellationToken.None);
        await store.ReleaseAsync(principal, "k", CancellationToken.None);
        (await store.TryBeginAsync(principal, "k", "fp", CancellationToken.None)).State.Should().Be(IdempotencyState.Started);
    }

    [Fact]
    public async Task Throttle_allows_the_limit_then_refuses_with_the_window_remaining()
    {
        var throttle = Get<IThrottle>();
        var partition = Guid.NewGuid().ToString();

        for (var i = 0; i < 3; i++)
        {
            (await throttle.HitAsync("t", partition, 3, TimeSpan.FromSeconds(30), CancellationToken.None)).Allowed.Should().BeTrue();
        }

        var refused = await throttle.HitAsync("t", partition, 3, TimeSpan.FromSeconds(30), CancellationToken.None);
        refused.Allowed.Should().BeFalse();
        refused.RetryAfter.Should().BeGreaterThan(TimeSpan.FromSeconds(25)).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(30));
        (await throttle.HitAsync("t", Guid.NewGuid().ToString(), 3, TimeSpan.FromSeconds(30), CancellationToken.None))
            .Allowed.Should().BeTrue("another partition has its own window");
    }
}
