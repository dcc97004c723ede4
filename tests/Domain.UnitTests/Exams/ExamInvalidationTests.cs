using LearningPlatform.Domain.Attempts;
using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Ranking;

namespace LearningPlatform.Domain.UnitTests.Exams;

/// <summary>An admin's invalidation of an attempt, by the exam's ranking status, and the rerun it may call for.</summary>
public class ExamInvalidationTests
{
    private static readonly DateTimeOffset Now = ExamBuilder.Now;
    private static readonly Guid Admin = Guid.NewGuid();

    /// <summary>An exam that closes at <see cref="Now"/> with one completed attempt.</summary>
    private static (Exam Exam, Attempt Attempt) Completed()
    {
        var exam = new ExamBuilder().Window(Now.AddHours(-2), Now).Build();
        var attempt = exam.StartAttemptFor(Guid.NewGuid(), [], false, "h", Now.AddHours(-1), new Random(1)).Attempt;
        attempt.Complete(Now.AddMinutes(-55));
        return (exam, attempt);
    }

    private static void Rank(Exam exam)
    {
        exam.Close(Now);
        exam.BeginRanking();
        exam.CompleteRanking(1, 0);
    }

    [Fact]
    public void Before_the_ranking_an_attempt_is_invalidated_and_no_rerun_is_needed()
    {
        var (exam, attempt) = Completed();

        exam.InvalidateAttempt(attempt, Admin, "  two accounts, one person  ").Should().BeFalse();

        attempt.Status.Should().Be(AttemptStatus.Invalidated);
        attempt.InvalidatedBy.Should().Be(Admin);
        attempt.InvalidatedReason.Should().Be("two accounts, one person");
        attempt.Result.Should().NotBeNull("the result stays; the ranking leaves it out");
        exam.RerankNeeded.Should().BeFalse();

        var (closed, other) = Completed();
        closed.Close(Now);
        closed.InvalidateAttempt(other, Admin, "copied answers").Should().BeFalse();
        closed.RerankNeeded.Should().BeFalse();
        closed.RankingStatus.Should().Be(ExamRankingStatus.Closed);
    }

    [Fact]
    public void An_attempt_still_in_progress_can_be_invalidated_and_then_neither_answered_nor_completed()
    {
        var exam = new ExamBuilder().Build();
        var attempt = exam.StartAttemptFor(Guid.NewGuid(), [], false, "h", Now, new Random(1)).Attempt;

        exam.InvalidateAttempt(attempt, Admin, "bot traffic");

        attempt.Status.Should().Be(AttemptStatus.Invalidated);
        attempt.Result.Should().BeNull();
        FluentActions.Invoking(() => attempt.Answer(exam.Questions[0], exam.Questions[0].Correct(), 100, Now.AddSeconds(1), TimeSpan.Zero))
            .Should().Throw<DomainException>().Which.Code.Should().Be("attempt.not_in_progress");
        FluentActions.Invoking(() => attempt.Complete(Now.AddSeconds(2))).Should().Throw<DomainException>().Which.Code.Should().Be("attempt.not_in_progress");
        attempt.ExpireIfDue(Now.AddHours(1)).Should().BeFalse("an invalidated attempt never expires into a counted one");
    }

    [Fact]
    public void A_ranked_exam_needs_a_rerun_and_is_not_published_until_one_completes()
    {
        var (exam, attempt) = Completed();
        Rank(exam);

        exam.InvalidateAttempt(attempt, Admin, "shared screen").Should().BeTrue();

        exam.RerankNeeded.Should().BeTrue();
        exam.RankingStatus.Should().Be(ExamRankingStatus.Ranked);
        FluentActions.Invoking(exam.Publish).Should().Throw<DomainException>().Which.Code.Should().Be("ranking.rerun_needed");
        exam.RankingStatus.Should().Be(ExamRankingStatus.Ranked);

        exam.BeginReranking();
        exam.RankingStatus.Should().Be(ExamRankingStatus.Ranking);
        exam.RerankNeeded.Should().BeTrue("the flag stays while the rerun runs");
        exam.CompleteRanking(0, 0);
        exam.RerankNeeded.Should().BeFalse();
        exam.Publish();
        exam.RankingStatus.Should().Be(ExamRankingStatus.Published);
    }

    [Fact]
    public void A_failed_rerun_goes_back_to_ranked_with_the_flag_and_a_failed_first_run_to_closed()
    {
        var (exam, attempt) = Completed();
        Rank(exam);
        exam.InvalidateAttempt(attempt, Admin, "shared screen");
        exam.BeginReranking();

        exam.FailRanking();

        exam.RankingStatus.Should().Be(ExamRankingStatus.Ranked);
        exam.RerankNeeded.Should().BeTrue();
        FluentActions.Invoking(exam.Publish).Should().Throw<DomainException>().Which.Code.Should().Be("ranking.rerun_needed");

        var (first, _) = Completed();
        first.Close(Now);
        first.BeginRanking();
        first.FailRanking();
        first.RankingStatus.Should().Be(ExamRankingStatus.Closed);
    }

    [Fact]
    public void A_rerun_starts_only_from_ranked()
    {
        var (exam, _) = Completed();
        FluentActions.Invoking(exam.BeginReranking).Should().Throw<DomainException>().Which.Code.Should().Be("exam.invalid_transition");
        exam.Close(Now);
        FluentActions.Invoking(exam.BeginReranking).Should().Throw<DomainException>().Which.Code.Should().Be("exam.invalid_transition");
        exam.BeginRanking();
        FluentActions.Invoking(exam.BeginReranking).Should().Throw<DomainException>().Which.Code.Should().Be("exam.invalid_transition");
        exam.CompleteRanking(1, 0);
        exam.Publish();
        FluentActions.Invoking(exam.BeginReranking).Should().Throw<DomainException>().Which.Code.Should().Be("exam.invalid_transition");
        exam.RankingStatus.Should().Be(ExamRankingStatus.Published);
    }

    [Fact]
    public void A_published_exam_refuses_and_nothing_changes()
    {
        var (exam, attempt) = Completed();
        Rank(exam);
        exam.Publish();

        FluentActions.Invoking(() => exam.InvalidateAttempt(attempt, Admin, "found out later"))
            .Should().Throw<DomainException>().Which.Code.Should().Be("attempt.exam_published");

        attempt.Status.Should().Be(AttemptStatus.Completed);
        attempt.InvalidatedReason.Should().BeNull();
        exam.RerankNeeded.Should().BeFalse();
    }

    [Fact]
    public void While_the_exam_is_being_ranked_it_is_refused()
    {
        var (exam, attempt) = Completed();
        exam.Close(Now);
        exam.BeginRanking();

        FluentActions.Invoking(() => exam.InvalidateAttempt(attempt, Admin, "copied answers"))
            .Should().Throw<DomainException>().Which.Code.Should().Be("ranking.already_running");

        attempt.Status.Should().Be(AttemptStatus.Completed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_reason_is_required(string? reason)
    {
        var (exam, attempt) = Completed();

        FluentActions.Invoking(() => exam.InvalidateAttempt(attempt, Admin, reason))
            .Should().Throw<DomainException>().Which.Code.Should().Be("attempt.reason_required");
        FluentActions.Invoking(() => exam.InvalidateAttempt(attempt, Admin, new string('r', Attempt.MaxInvalidationReasonLength + 1)))
            .Should().Throw<DomainException>().Which.Code.Should().Be("attempt.reason_required");

        attempt.Status.Should().Be(AttemptStatus.Completed);
    }

    [Fact]
    public void An_attempt_of_another_exam_is_refused()
    {
        var (exam, _) = Completed();
        var (_, foreign) = Completed();

        FluentActions.Invoking(() => exam.InvalidateAttempt(foreign, Admin, "wrong exam"))
            .Should().Throw<DomainException>().Which.Code.Should().Be("attempt.not_found");

        foreign.Status.Should().Be(AttemptStatus.Completed);
    }
}
