using LearningPlatform.Application.Notifications;

namespace LearningPlatform.Application.UnitTests.Notifications;

/// <summary>Retries wait BaseBackoff·2^(n-1) with full jitter, capped, and never sooner than the provider's Retry-After.</summary>
public class OutboxBackoffTests
{
    private static readonly OutboxOptions Settings = new() { BaseBackoff = TimeSpan.FromSeconds(5), MaxBackoff = TimeSpan.FromMinutes(15) };

    /// <summary>A source that always draws the same fraction, so the jitter is known.</summary>
    private sealed class Fixed(double fraction) : Random
    {
        public override double NextDouble() => fraction;
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(4, 40)]
    [InlineData(20, 900)]
    public void The_cap_doubles_per_try_up_to_the_maximum(int attempt, int capSeconds) =>
        DispatchOutbox.Backoff(attempt, Settings, retryAfter: null, new Fixed(1.0)).Should().Be(TimeSpan.FromSeconds(capSeconds));

    [Fact]
    public void The_wait_is_a_random_fraction_of_the_cap() =>
        DispatchOutbox.Backoff(3, Settings, retryAfter: null, new Fixed(0.25)).Should().Be(TimeSpan.FromSeconds(5));

    [Fact]
    public void A_providers_Retry_After_longer_than_the_jitter_wins() =>
        DispatchOutbox.Backoff(1, Settings, TimeSpan.FromSeconds(30), new Fixed(0.5)).Should().Be(TimeSpan.FromSeconds(30));
}
