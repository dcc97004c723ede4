using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Ranking;

namespace LearningPlatform.Domain.UnitTests.Exams;

public class ExamAuthoringTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static ExamDefinition Definition(
        DateTimeOffset? opensAt = null, PrizeTable? prizes = null, long guaranteedPool = 0, IReadOnlyList<ExamItem>? items = null) =>
        new("Friday quiz", "Ten questions", ExamMode.Contest, opensAt ?? Now.AddHours(1), (opensAt ?? Now.AddHours(1)).AddHours(2),
            TimeSpan.FromMinutes(10), 1, false, 0, 0, guaranteedPool, prizes ?? PrizeTable.Empty, items ?? [ExamItem.Draw(Guid.NewGuid(), 2)]);

    private static PinnedQuestion Pinned(string stem) => new(Guid.NewGuid(), stem, 10, "because", [("right", true), ("wrong", false)]);

    [Fact]
    public void A_draft_is_scheduled_with_its_pinned_questions_copied_and_their_versions_recorded()
    {
        var exam = Exam.CreateDraft(Definition(), Now);
        exam.RankingStatus.Should().Be(ExamRankingStatus.Draft);
        var first = Pinned("One?");

        exam.Schedule([first, Pinned("Two?")], Now);

        exam.RankingStatus.Should().Be(ExamRankingStatus.Open);
        exam.ScheduledAt.Should().Be(Now);
        exam.Questions.Select(q => q.Text).Should().Equal("One?", "Two?");
        exam.Questions[0].SourceVersionId.Should().Be(first.VersionId);
        exam.Questions[0].Explanation.Should().Be("because");
        exam.IsOpenAt(Now).Should().BeFalse("the window has not begun");
    }

    [Fact]
    public void Scheduling_names_every_problem_a_past_window_no_questions_and_a_table_the_pool_does_not_cover()
    {
        var prizes = PrizeTable.Create(TieRule.ShareEqually, [new PrizeTier(1, 3, Prize.CoinsOf(100))]);
        var exam = Exam.CreateDraft(Definition(opensAt: Now.AddMinutes(-1), prizes: prizes, guaranteedPool: 250), Now.AddHours(-1));

        var act = () => exam.Schedule([], Now);

        var error = act.Should().Throw<DomainException>().Which;
        error.Code.Should().Be("exam.not_schedulable");
        ((IReadOnlyDictionary<string, string[]>)error.Extensions["errors"]!).Keys.Should().BeEquivalentTo("opensAt", "items", "prizes");
        exam.RankingStatus.Should().Be(ExamRankingStatus.Draft);
        exam.Questions.Should().BeEmpty();
    }

    [Fact]
    public void A_scheduled_exam_cannot_be_redefined_but_can_be_unscheduled_before_it_opens()
    {
        var exam = Exam.CreateDraft(Definition(), Now);
        exam.Schedule([Pinned("One?")], Now);

        exam.Invoking(e => e.Redefine(Definition())).Should().Throw<DomainException>().Which.Code.Should().Be("exam.not_draft");
        exam.Unschedule(Now.AddMinutes(59));

        exam.RankingStatus.Should().Be(ExamRankingStatus.Draft);
        exam.Questions.Should().BeEmpty();
        exam.Redefine(Definition(opensAt: Now.AddDays(1)));
        exam.OpensAt.Should().Be(Now.AddDays(1));
    }

    [Fact]
    public void An_open_exam_cannot_be_unscheduled_or_shortened_but_can_be_extended()
    {
        var exam = Exam.CreateDraft(Definition(), Now);
        exam.Schedule([Pinned("One?")], Now);
        var during = Now.AddHours(1.5);

        exam.Invoking(e => e.Unschedule(during)).Should().Throw<DomainException>().Which.Code.Should().Be("exam.already_opened");
        exam.Invoking(e => e.Extend(exam.ClosesAt.AddMinutes(-1), during)).Should().Throw<DomainException>().Which.Code.Should().Be("exam.cannot_shorten");
        exam.Invoking(e => e.Extend(exam.ClosesAt, during)).Should().Throw<DomainException>().Which.Code.Should().Be("exam.cannot_shorten");
        var later = exam.ClosesAt.AddHours(1);

        exam.Extend(later, during);

        exam.ClosesAt.Should().Be(later);
        exam.Questions.Should().ContainSingle();
        exam.Invoking(e => e.Extend(later.AddHours(1), later)).Should().Throw<DomainException>().Which.Code.Should().Be("exam.not_extendable");
    }

    [Fact]
    public void An_item_is_either_a_question_or_a_draw()
    {
        var both = new ExamItem(Guid.NewGuid(), null, Guid.NewGuid(), 2);
        var drawWithoutCount = new ExamItem(null, null, Guid.NewGuid(), null);

        foreach (var item in new[] { both, drawWithoutCount, ExamItem.Draw(Guid.NewGuid(), 0), ExamItem.Fixed(Guid.NewGuid(), 0) })
        {
            var act = () => Exam.CreateDraft(Definition(items: [item]), Now);
            act.Should().Throw<DomainException>().Which.Code.Should().Be("exam.invalid_definition");
        }
    }

    [Fact]
    public void A_draft_is_never_open_to_learners_even_inside_its_window()
    {
        var exam = Exam.CreateDraft(Definition(opensAt: Now.AddMinutes(1)), Now);

        exam.IsOpenAt(Now.AddMinutes(30)).Should().BeFalse();
        exam.Invoking(e => e.Close(Now.AddDays(1))).Should().Throw<DomainException>().Which.Code.Should().Be("exam.invalid_transition");
    }
}
