using LearningPlatform.Domain.Attempts;
using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Exams;

namespace LearningPlatform.Domain.UnitTests.Attempts;

public class AttemptAnswerTests
{
    private static readonly DateTimeOffset Now = ExamBuilder.Now;
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(2);

    private readonly Exam _exam = new ExamBuilder().Questions(3).Duration(TimeSpan.FromMinutes(10)).Build();
    private readonly Attempt _attempt;

    public AttemptAnswerTests()
    {
        _attempt = _exam.StartAttemptFor(Guid.NewGuid(), [], false, "h", Now, new Random(3)).Attempt;
    }

    private Question Q(int i) => _exam.Questions[i];

    [Fact]
    public void Correct_answer_scores_the_question_points_and_counts_its_time()
    {
        _attempt.Answer(Q(0), Q(0).Correct(), 4_000, Now.AddSeconds(5), Tolerance).Should().Be(AnswerOutcome.Recorded);
        _attempt.Answer(Q(1), Q(1).Wrong(), 3_000, Now.AddSeconds(9), Tolerance);

        _attempt.Score.Should().Be(10);
        _attempt.TotalElapsedMs.Should().Be(7_000);
        _attempt.Responses.Should().HaveCount(2);
        _attempt.AnsweredCount.Should().Be(2);
        _attempt.Responses.Single(r => r.QuestionId == Q(0).Id).IsCorrect.Should().BeTrue();
    }

    [Fact]
    public void Same_answer_sent_twice_is_accepted_once()
    {
        _attempt.Answer(Q(0), Q(0).Correct(), 1_000, Now.AddSeconds(5), Tolerance);
        _attempt.Answer(Q(0), Q(0).Correct(), 1_000, Now.AddSeconds(6), Tolerance).Should().Be(AnswerOutcome.AlreadyRecorded);

        _attempt.Responses.Should().ContainSingle();
        _attempt.AnsweredCount.Should().Be(1);
        _attempt.Score.Should().Be(10);
        _attempt.TotalElapsedMs.Should().Be(1_000);
    }

    [Fact]
    public void Changed_answer_is_refused()
    {
        _attempt.Answer(Q(0), Q(0).Wrong(), 1_000, Now.AddSeconds(5), Tolerance);
        var act = () => _attempt.Answer(Q(0), Q(0).Correct(), 1_000, Now.AddSeconds(6), Tolerance);
        act.Should().Throw<DomainException>().Which.Code.Should().Be("attempt.answer_changed");
        _attempt.Score.Should().Be(0);
    }

    [Fact]
    public void Question_of_another_exam_is_refused()
    {
        var other = new ExamBuilder().Build();
        var act = () => _attempt.Answer(other.Questions[0], other.Questions[0].Correct(), 1, Now.AddSeconds(1), Tolerance);
        act.Should().Throw<DomainException>().Which.Code.Should().Be("attempt.question_not_in_attempt");
    }

    [Fact]
    public void Choice_of_another_question_is_refused()
    {
        var act = () => _attempt.Answer(Q(0), Q(1).Correct(), 1, Now.AddSeconds(1), Tolerance);
        act.Should().Throw<DomainException>().Which.Code.Should().Be("attempt.choice_not_in_question");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(600_001)]
    [InlineData(long.MaxValue)]
    public void ElapsedMs_outside_zero_to_the_time_limit_is_refused(long elapsedMs)
    {
        var act = () => _attempt.Answer(Q(0), Q(0).Correct(), elapsedMs, Now.AddSeconds(1), Tolerance);
        act.Should().Throw<DomainException>().Which.Code.Should().Be("attempt.elapsed_out_of_range");
        _attempt.Responses.Should().BeEmpty();
    }

    [Fact]
    public void Answer_after_expiry_is_refused_and_the_attempt_expires_with_its_answers_counted()
    {
        _attempt.Answer(Q(0), Q(0).Correct(), 1_000, Now.AddSeconds(2), Tolerance);

        var act = () => _attempt.Answer(Q(1), Q(1).Correct(), 1_000, Now.AddMinutes(10), Tolerance);

        act.Should().Throw<DomainException>().Which.Code.Should().Be("attempt.expired");
        _attempt.Status.Should().Be(AttemptStatus.Expired);
        _attempt.Result.Should().NotBeNull();
        _attempt.Result!.Score.Should().Be(10);
        _attempt.Result.Answered.Should().Be(1);
        _attempt.FinishedAt.Should().Be(_attempt.ExpiresAt);
    }

    [Fact]
    public void Elapsed_sum_running_ahead_of_the_server_clock_is_clamped_and_flagged()
    {
        // 10 s passed on the server; the client claims 9 s and then 8 s more.
        _attempt.Answer(Q(0), Q(0).Correct(), 9_000, Now.AddSeconds(10), Tolerance).Should().Be(AnswerOutcome.Recorded);
        var outcome = _attempt.Answer(Q(1), Q(1).Correct(), 8_000, Now.AddSeconds(10), Tolerance);

        outcome.Should().Be(AnswerOutcome.RecordedClamped);
        _attempt.TotalElapsedMs.Should().Be(12_000, "10 s seen by the server plus 2 s tolerance");
        _attempt.Responses.Single(r => r.QuestionId == Q(1).Id).ClaimedElapsedMs.Should().Be(8_000);
        _attempt.FlaggedForReview.Should().BeTrue();
        _attempt.ReviewReason.Should().Be(Attempt.ClampedFlag);
    }

    [Fact]
    public void Elapsed_sum_within_the_server_clock_is_not_flagged()
    {
        _attempt.Answer(Q(0), Q(0).Correct(), 5_000, Now.AddSeconds(5), Tolerance);
        _attempt.Answer(Q(1), Q(1).Correct(), 6_000, Now.AddSeconds(11), Tolerance);
        _attempt.FlaggedForReview.Should().BeFalse();
        _attempt.TotalElapsedMs.Should().Be(11_000);
    }
}
