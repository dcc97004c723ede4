using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Exports;
using LearningPlatform.Domain.Ranking;

namespace LearningPlatform.Domain.UnitTests.Exports;

public class ExportTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static Export Pending() => Export.Request(Guid.NewGuid(), ExamRankingStatus.Ranked, Guid.NewGuid(), Now);

    [Theory]
    [InlineData(ExamRankingStatus.Draft)]
    [InlineData(ExamRankingStatus.Open)]
    [InlineData(ExamRankingStatus.Closed)]
    [InlineData(ExamRankingStatus.Ranking)]
    public void Only_a_ranked_or_published_exam_can_be_exported(ExamRankingStatus status) =>
        FluentActions.Invoking(() => Export.Request(Guid.NewGuid(), status, Guid.NewGuid(), Now))
            .Should().Throw<DomainException>().Which.Code.Should().Be("export.not_ranked");

    [Fact]
    public void A_new_export_is_pending_with_its_key_under_the_exam()
    {
        var examId = Guid.NewGuid();
        var export = Export.Request(examId, ExamRankingStatus.Published, Guid.NewGuid(), Now);
        export.Status.Should().Be(ExportStatus.Pending);
        export.ObjectKey.Should().Be($"exports/{examId}/{export.Id}.csv");
    }

    [Fact]
    public void A_claimed_export_runs_for_its_lease_then_succeeds_once()
    {
        var export = Pending();
        export.Claim(Now, Now.AddMinutes(15)).Should().BeTrue();
        export.Status.Should().Be(ExportStatus.Running);
        export.IsClaimable(Now.AddMinutes(14)).Should().BeFalse();

        export.Succeed(100, 4096, Now.AddSeconds(3));
        export.Status.Should().Be(ExportStatus.Succeeded);
        export.Rows.Should().Be(100);
        FluentActions.Invoking(() => export.Fail("late", Now)).Should().Throw<DomainException>().Which.Code.Should().Be("export.invalid_transition");
        FluentActions.Invoking(() => export.Claim(Now.AddHours(1), Now.AddHours(2))).Should().Throw<DomainException>();
    }

    [Fact]
    public void A_running_export_whose_lease_ran_out_is_claimed_again_until_it_has_been_tried_three_times()
    {
        var export = Pending();
        var at = Now;
        for (var i = 1; i <= Export.MaxAttempts; i++)
        {
            export.Claim(at, at.AddMinutes(15)).Should().BeTrue();
            export.Attempts.Should().Be(i);
            at = at.AddMinutes(15);
            export.IsClaimable(at).Should().BeTrue();
        }

        export.Claim(at, at.AddMinutes(15)).Should().BeFalse();
        export.Status.Should().Be(ExportStatus.Failed);
        export.Error.Should().StartWith("Abandoned");
    }

    [Fact]
    public void A_released_export_is_pending_again_and_a_pending_one_cannot_finish()
    {
        var export = Pending();
        FluentActions.Invoking(() => export.Succeed(1, 1, Now)).Should().Throw<DomainException>();
        export.Claim(Now, Now.AddMinutes(15));
        export.Release();
        export.Status.Should().Be(ExportStatus.Pending);
        export.IsClaimable(Now).Should().BeTrue();
    }
}
