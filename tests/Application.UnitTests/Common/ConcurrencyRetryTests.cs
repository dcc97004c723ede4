using FluentAssertions;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Common;
using Microsoft.EntityFrameworkCore;
using NSubstitute;
using Xunit;

namespace LearningPlatform.Application.UnitTests.Common;

public class ConcurrencyRetryTests
{
    [Fact]
    public async Task A_lost_race_runs_again_from_a_fresh_read_and_the_next_try_wins()
    {
        var db = Substitute.For<ILearningDb>();
        var tries = 0;

        var result = await ConcurrencyRetry.RunAsync(db, _ =>
        {
            if (++tries == 1)
            {
                throw new DbUpdateConcurrencyException("row version changed");
            }

            return Task.FromResult("saved");
        }, CancellationToken.None);

        result.Should().Be("saved");
        tries.Should().Be(2);
        db.Received(1).Reset();
    }

    [Fact]
    public async Task Losing_every_try_is_a_409_concurrency_conflict_after_three()
    {
        var db = Substitute.For<ILearningDb>();
        var tries = 0;

        var act = () => ConcurrencyRetry.RunAsync<int>(db, _ =>
        {
            tries++;
            throw new DbUpdateException("unique key");
        }, CancellationToken.None);

        (await act.Should().ThrowAsync<DomainException>()).Which.Code.Should().Be("concurrency.conflict");
        tries.Should().Be(ConcurrencyRetry.MaxAttempts);
        db.Received(ConcurrencyRetry.MaxAttempts - 1).Reset();
    }

    [Fact]
    public async Task Other_failures_are_not_retried()
    {
        var tries = 0;

        var act = () => ConcurrencyRetry.RunAsync<int>(null, _ =>
        {
            tries++;
            throw new DomainException("attempt.expired", "too late", DomainErrorKind.Conflict);
        }, CancellationToken.None);

        (await act.Should().ThrowAsync<DomainException>()).Which.Code.Should().Be("attempt.expired");
        tries.Should().Be(1);
    }
}
