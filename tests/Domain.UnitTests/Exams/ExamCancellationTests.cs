using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Ranking;

namespace LearningPlatform.Domain.UnitTests.Exams;

public class ExamCancellationTests
{
    private static readonly DateTimeOffset Now = ExamBuilder.Now;

    private static Exam Paid(int maxAttempts = 1)
    {
        var exam = new ExamBuilder().MaxAttempts(maxAttempts).Build();
        exam.SetTerms(PrizeTable.Empty, entryFee: 50, rakeBasisPoints: 0, guaranteedPool: 0);
        return exam;
    }

    [Fact]
    public void An_open_or_closed_exam_can_be_cancelled_and_is_then_never_started_closed_ranked_or_published()
    {
        var open = Paid();
        var closed = new ExamBuilder().Window(Now.AddHours(-2), Now).Build();
        closed.Close(Now);

        open.Cancel();
        closed.Cancel();

        foreach (var exam in new[] { open, closed })
        {
            exam.RankingStatus.Should().Be(ExamRankingStatus.Cancelled);
            exam.BoardVisibilityAt(Now).Should().Be(BoardVisibility.None);
            Code(() => exam.StartAttemptFor(Guid.NewGuid(), [], false, "h", Now, new Random(1))).Should().Be("exam.cancelled");
            Code(exam.BeginRanking).Should().Be("exam.cancelled");
            Code(exam.Publish).Should().Be("exam.cancelled");
            Code(exam.Cancel).Should().Be("exam.cancelled");
        }

        Code(() => open.Close(Now.AddHours(2))).Should().Be("exam.cancelled");
    }

    [Fact]
    public void An_attempt_left_open_by_a_cancellation_is_not_resumed()
    {
        var exam = Paid();
        var learner = Guid.NewGuid();
        var attempt = exam.StartAttemptFor(learner, [], false, "h", Now, new Random(1)).Attempt;
        exam.Cancel();

        Code(() => exam.StartAttemptFor(learner, [attempt], false, "h2", Now, new Random(1))).Should().Be("exam.cancelled");
    }

    [Fact]
    public void A_draft_or_a_ranked_exam_is_not_cancellable()
    {
        var ranked = new ExamBuilder().Window(Now.AddHours(-2), Now).Build();
        ranked.Close(Now);
        ranked.BeginRanking();
        ranked.CompleteRanking(0, 0);
        var draft = Exam.CreateDraft(new ExamDefinition("Draft", null, ExamMode.Contest, Now.AddDays(1), Now.AddDays(2), TimeSpan.FromMinutes(5),
            1, false, 0, 0, 0, PrizeTable.Empty, []), Now);

        Code(ranked.Cancel).Should().Be("exam.not_cancellable");
        Code(draft.Cancel).Should().Be("exam.not_cancellable");
        ranked.RankingStatus.Should().Be(ExamRankingStatus.Ranked);
    }

    [Fact]
    public void Only_the_first_attempt_of_a_paid_exam_owes_the_fee()
    {
        var exam = Paid(maxAttempts: 2);
        var learner = Guid.NewGuid();

        var first = exam.StartAttemptFor(learner, [], false, "h", Now, new Random(1));
        var resumed = exam.StartAttemptFor(learner, [first.Attempt], false, "h2", Now, new Random(1));
        first.Attempt.Complete(Now);
        var second = exam.StartAttemptFor(learner, [first.Attempt], false, "h3", Now, new Random(1));

        first.EntryFeeDue.Should().Be(50);
        resumed.Resumed.Should().BeTrue();
        resumed.EntryFeeDue.Should().Be(0);
        second.Resumed.Should().BeFalse();
        second.EntryFeeDue.Should().Be(0);
        new ExamBuilder().Build().StartAttemptFor(learner, [], false, "h", Now, new Random(1)).EntryFeeDue.Should().Be(0, "a free exam");
    }

    private static string Code(Action act) => act.Should().Throw<DomainException>().Which.Code;

    private static string Code(Func<object> act) => FluentActions.Invoking(act).Should().Throw<DomainException>().Which.Code;
}
