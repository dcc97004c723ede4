using LearningPlatform.Application.Billing;
using LearningPlatform.Application.Attempts;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.Wallets;
using LearningPlatform.Domain.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace LearningPlatform.Application.UnitTests.Attempts;

public class StartAttemptTests
{
    private static readonly LearningMetrics Metrics = new(new TestMeterFactory(), TimeProvider.System);

    private sealed class TestMeterFactory : System.Diagnostics.Metrics.IMeterFactory
    {
        public System.Diagnostics.Metrics.Meter Create(System.Diagnostics.Metrics.MeterOptions options) => new(options);

        public void Dispose()
        {
        }
    }

    private static LearnerWallets Wallets(ILearningDb db) => new(db, Options.Create(new WalletOptions()), new FakeTimeProvider());

    [Fact]
    public async Task Start_while_another_start_holds_the_lock_is_a_conflict_and_reads_nothing()
    {
        var db = Substitute.For<ILearningDb>();
        var locks = Substitute.For<IDistributedLocks>();
        var learner = Guid.NewGuid();
        var exam = Guid.NewGuid();
        locks.TryAcquireAsync($"idem:start:{learner}:{exam}", Arg.Any<TimeSpan>(), Arg.Any<CancellationToken>())
            .Returns((IAsyncDisposable?)null);
        var handler = new StartAttempt(
            db, locks, Substitute.For<IEntitlements>(), new FakeTimeProvider(), new Random(1), Options.Create(new AttemptOptions()), Metrics,
            Wallets(db), Substitute.For<IEntryFees>(), NullLogger<StartAttempt>.Instance);

        var act = () => handler.HandleAsync(learner, null, exam, CancellationToken.None);

        (await act.Should().ThrowAsync<DomainException>()).Which.Code.Should().Be("attempt.start_in_progress");
        db.ReceivedCalls().Should().BeEmpty();
    }

    [Fact]
    public async Task The_start_lock_uses_the_configured_lease()
    {
        var locks = Substitute.For<IDistributedLocks>();
        locks.TryAcquireAsync(default!, default, default).ReturnsForAnyArgs((IAsyncDisposable?)null);
        var options = new AttemptOptions { StartLockLease = TimeSpan.FromSeconds(7) };
        var handler = new StartAttempt(
            Substitute.For<ILearningDb>(), locks, Substitute.For<IEntitlements>(), new FakeTimeProvider(), new Random(1), Options.Create(options), Metrics,
            Wallets(Substitute.For<ILearningDb>()), Substitute.For<IEntryFees>(), NullLogger<StartAttempt>.Instance);

        await FluentActions.Invoking(() => handler.HandleAsync(Guid.NewGuid(), null, Guid.NewGuid(), CancellationToken.None))
            .Should().ThrowAsync<DomainException>();

        await locks.Received(1).TryAcquireAsync(Arg.Any<string>(), TimeSpan.FromSeconds(7), Arg.Any<CancellationToken>());
    }
}
