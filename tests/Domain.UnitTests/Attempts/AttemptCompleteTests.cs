using LearningPlatform.Domain.Attempts;
using LearningPlatform.Domain.Common;

namespace LearningPlatform.Domain.UnitTests.Attempts;

public class AttemptCompleteTests
{
    private static readonly DateTimeOffset Now = ExamBuilder.Now;

    [Fact]
    public void Complete_writes_a_pending_result_with_score_and_total_time()
    {
        var exam = new ExamBuilder().Questions(2).Build();
        var attempt = exam.StartAttemptFor(Guid.NewGuid(), [], false, "h", Now, new Random(1)).Attempt;
        attempt.Answer(exam.Questions[0], exam.Questions[0].Correct(), 2_500, Now.AddSeconds(3), TimeSpan.Zero);

        attempt.Complete(Now.AddSeconds(4));

        attempt.Status.Should().Be(AttemptStatus.Completed);
        attempt.FinishedAt.Should().Be(Now.AddSeconds(4));
        attempt.Result.Should().BeEquivalentTo(new
        {
            attempt.ExamId,
            AttemptId = attempt.Id,
            attempt.LearnerId,
            Score = 10,
            TotalElapsedMs = 2_500L,
            Answered = 1,
        });
    }

    [Fact]
    public void Complete_twice_is_refused()
    {
        var attempt = new ExamBuilder().Build().StartAttemptFor(Guid.NewGuid(), [], false, "h", Now, new Random(1)).Attempt;
        attempt.Complete(Now.AddSeconds(1));
        var act = () => attempt.Complete(Now.AddSeconds(2));
        act.Should().Throw<DomainException>().Which.Code.Should().Be("attempt.not_in_progress");
    }

    [Fact]
    public void Complete_after_expiry_is_refused_and_the_attempt_is_expired()
    {
        var attempt = new ExamBuilder().Duration(TimeSpan.FromMinutes(5)).Build()
            .StartAttemptFor(Guid.NewGuid(), [], false, "h", Now, new Random(1)).Attempt;

        var act = () => attempt.Complete(Now.AddMinutes(5));

        act.Should().Throw<DomainException>().Which.Code.Should().Be("attempt.expired");
        attempt.Status.Should().Be(AttemptStatus.Expired);
        attempt.Result.Should().NotBeNull("the answers of an expired attempt count");
    }

    [Fact]
    public void ExpireIfDue_changes_nothing_before_the_time_limit()
    {
        var attempt = new ExamBuilder().Build().StartAttemptFor(Guid.NewGuid(), [], false, "h", Now, new Random(1)).Attempt;
        attempt.ExpireIfDue(Now.AddMinutes(9)).Should().BeFalse();
        attempt.Status.Should().Be(AttemptStatus.InProgress);
        attempt.Result.Should().BeNull();
        attempt.ExpireIfDue(Now.AddMinutes(10)).Should().BeTrue();
        attempt.Status.Should().Be(AttemptStatus.Expired);
    }

    [Fact]
    public void Admin_can_invalidate_a_finished_attempt_once()
    {
        var exam = new ExamBuilder().Build();
        var attempt = exam.StartAttemptFor(Guid.NewGuid(), [], false, "h", Now, new Random(1)).Attempt;
        attempt.Complete(Now.AddSeconds(1));
        var admin = Guid.NewGuid();

        exam.InvalidateAttempt(attempt, admin, "cheating");

        attempt.Status.Should().Be(AttemptStatus.Invalidated);
        attempt.InvalidatedBy.Should().Be(admin);
        FluentActions.Invoking(() => exam.InvalidateAttempt(attempt, admin, "again")).Should().Throw<DomainException>()
            .Which.Code.Should().Be("attempt.already_invalidated");
    }
}
