using LearningPlatform.Domain.Attempts;
using LearningPlatform.Domain.Common;

namespace LearningPlatform.Domain.UnitTests.Attempts;

public class AttemptStartTests
{
    private static readonly DateTimeOffset Now = ExamBuilder.Now;
    private static readonly Guid Learner = Guid.NewGuid();

    [Fact]
    public void Start_while_open_creates_an_in_progress_attempt_with_a_shuffled_order_of_all_questions()
    {
        var exam = new ExamBuilder().Questions(20).Build();

        var start = exam.StartAttemptFor(Learner, [], false, "hash", Now, new Random(7));

        start.Resumed.Should().BeFalse();
        var attempt = start.Attempt;
        attempt.Status.Should().Be(AttemptStatus.InProgress);
        attempt.AttemptNumber.Should().Be(1);
        attempt.StartedAt.Should().Be(Now);
        attempt.QuestionOrder.Should().BeEquivalentTo(exam.Questions.Select(q => q.Id));
        attempt.QuestionOrder.Should().NotEqual(exam.Questions.Select(q => q.Id), "a seeded shuffle of 20 moves something");
    }

    [Fact]
    public void Start_before_the_exam_opens_is_refused()
    {
        var exam = new ExamBuilder().Window(Now.AddMinutes(1), Now.AddHours(1)).Build();
        var act = () => exam.StartAttemptFor(Learner, [], false, "h", Now, new Random(1));
        act.Should().Throw<DomainException>().Which.Code.Should().Be("exam.not_open");
    }

    [Fact]
    public void Start_at_or_after_closing_is_refused()
    {
        var exam = new ExamBuilder().Window(Now.AddHours(-2), Now).Build();
        var act = () => exam.StartAttemptFor(Learner, [], false, "h", Now, new Random(1));
        act.Should().Throw<DomainException>().Which.Code.Should().Be("exam.not_open");
    }

    [Fact]
    public void Start_without_attempts_left_is_refused()
    {
        var exam = new ExamBuilder().MaxAttempts(1).Build();
        var first = exam.StartAttemptFor(Learner, [], false, "h", Now, new Random(1)).Attempt;
        first.Complete(Now.AddMinutes(1));

        var act = () => exam.StartAttemptFor(Learner, [first], false, "h2", Now.AddMinutes(2), new Random(1));

        act.Should().Throw<DomainException>().Which.Code.Should().Be("attempt.no_attempts_left");
    }

    [Fact]
    public void Second_attempt_is_allowed_when_the_exam_allows_two()
    {
        var exam = new ExamBuilder().MaxAttempts(2).Build();
        var first = exam.StartAttemptFor(Learner, [], false, "h", Now, new Random(1)).Attempt;
        first.Complete(Now.AddMinutes(1));

        var second = exam.StartAttemptFor(Learner, [first], false, "h2", Now.AddMinutes(2), new Random(1));

        second.Resumed.Should().BeFalse();
        second.Attempt.AttemptNumber.Should().Be(2);
    }

    [Fact]
    public void Premium_exam_needs_an_entitlement()
    {
        var exam = new ExamBuilder().Premium().Build();
        FluentActions.Invoking(() => exam.StartAttemptFor(Learner, [], false, "h", Now, new Random(1)))
            .Should().Throw<DomainException>().Which.Code.Should().Be("subscription.required");
        exam.StartAttemptFor(Learner, [], true, "h", Now, new Random(1)).Attempt.Status.Should().Be(AttemptStatus.InProgress);
    }

    [Fact]
    public void Time_limit_is_the_duration_or_the_closing_time_whichever_comes_first()
    {
        var exam = new ExamBuilder().Window(Now.AddHours(-1), Now.AddMinutes(4)).Duration(TimeSpan.FromMinutes(10)).Build();
        exam.StartAttemptFor(Learner, [], false, "h", Now, new Random(1)).Attempt.ExpiresAt.Should().Be(Now.AddMinutes(4));

        var roomy = new ExamBuilder().Duration(TimeSpan.FromMinutes(10)).Build();
        roomy.StartAttemptFor(Learner, [], false, "h", Now, new Random(1)).Attempt.ExpiresAt.Should().Be(Now.AddMinutes(10));
    }

    [Fact]
    public void Starting_again_while_in_progress_resumes_the_same_attempt_and_order_with_a_new_token()
    {
        var exam = new ExamBuilder().Questions(10).Build();
        var first = exam.StartAttemptFor(Learner, [], false, "old", Now, new Random(1)).Attempt;
        var order = first.QuestionOrder.ToArray();

        var again = exam.StartAttemptFor(Learner, [first], false, "new", Now.AddMinutes(1), new Random(99));

        again.Resumed.Should().BeTrue();
        again.Attempt.Should().BeSameAs(first);
        again.Attempt.QuestionOrder.Should().Equal(order);
        again.Attempt.TokenHash.Should().Be("new");
    }

    [Fact]
    public void Starting_again_after_the_open_attempt_ran_out_expires_it_instead_of_resuming()
    {
        var exam = new ExamBuilder().MaxAttempts(2).Duration(TimeSpan.FromMinutes(5)).Build();
        var first = exam.StartAttemptFor(Learner, [], false, "h", Now, new Random(1)).Attempt;

        var again = exam.StartAttemptFor(Learner, [first], false, "h2", Now.AddMinutes(6), new Random(1));

        first.Status.Should().Be(AttemptStatus.Expired);
        again.Resumed.Should().BeFalse();
        again.Attempt.AttemptNumber.Should().Be(2);
    }
}
