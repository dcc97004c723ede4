using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Ranking;

namespace LearningPlatform.Domain.UnitTests.Ranking;

public class RankingRunTests
{
    private static readonly DateTimeOffset Now = ExamBuilder.Now;

    [Fact]
    public void A_run_records_how_long_it_took_and_how_many_it_ranked()
    {
        var run = RankingRun.Start(Guid.NewGuid(), RankingTrigger.Scheduled, null, Now);

        run.Succeed(1_000, Now.AddMilliseconds(1_500));

        run.Status.Should().Be(RankingRunStatus.Succeeded);
        run.Participants.Should().Be(1_000);
        run.DurationMs.Should().Be(1_500);
        run.FinishedAt.Should().Be(Now.AddMilliseconds(1_500));
    }

    [Fact]
    public void A_manual_run_names_the_admin_and_a_scheduled_one_nobody()
    {
        var admin = Guid.NewGuid();
        RankingRun.Start(Guid.NewGuid(), RankingTrigger.Manual, admin, Now).RequestedBy.Should().Be(admin);
        RankingRun.Start(Guid.NewGuid(), RankingTrigger.Scheduled, admin, Now).RequestedBy.Should().BeNull();
        FluentActions.Invoking(() => RankingRun.Start(Guid.NewGuid(), RankingTrigger.Manual, null, Now))
            .Should().Throw<DomainException>().Which.Code.Should().Be("ranking.run_invalid");
    }

    [Fact]
    public void A_rerun_names_the_admin_who_asked_for_it()
    {
        var admin = Guid.NewGuid();
        RankingRun.Start(Guid.NewGuid(), RankingTrigger.Rerun, admin, Now).RequestedBy.Should().Be(admin);
        FluentActions.Invoking(() => RankingRun.Start(Guid.NewGuid(), RankingTrigger.Rerun, null, Now))
            .Should().Throw<DomainException>().Which.Code.Should().Be("ranking.run_invalid");
    }

    [Fact]
    public void A_failed_run_keeps_a_bounded_error_and_cannot_end_twice()
    {
        var run = RankingRun.Start(Guid.NewGuid(), RankingTrigger.Scheduled, null, Now);

        run.Fail(new string('x', 5_000), Now.AddSeconds(1));

        run.Status.Should().Be(RankingRunStatus.Failed);
        run.Error.Should().HaveLength(RankingRun.MaxErrorLength);
        FluentActions.Invoking(() => run.Succeed(1, Now.AddSeconds(2)))
            .Should().Throw<DomainException>().Which.Code.Should().Be("ranking.run_finished");
    }
}
