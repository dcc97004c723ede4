using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Ranking;

namespace LearningPlatform.Domain.UnitTests.Ranking;

public class ExamRankingStatusTests
{
    private static readonly DateTimeOffset Now = ExamBuilder.Now;

    private static Domain.Exams.Exam ClosingNow() =>
        new ExamBuilder().Window(Now.AddHours(-2), Now).Build();

    [Fact]
    public void An_exam_walks_open_closed_ranking_ranked_published()
    {
        var exam = ClosingNow();
        exam.RankingStatus.Should().Be(ExamRankingStatus.Open);

        exam.Close(Now);
        exam.RankingStatus.Should().Be(ExamRankingStatus.Closed);
        exam.BeginRanking();
        exam.RankingStatus.Should().Be(ExamRankingStatus.Ranking);
        exam.CompleteRanking(0, 0);
        exam.RankingStatus.Should().Be(ExamRankingStatus.Ranked);
        exam.Publish();
        exam.RankingStatus.Should().Be(ExamRankingStatus.Published);
    }

    [Fact]
    public void A_failed_ranking_goes_back_to_closed_and_can_run_again()
    {
        var exam = ClosingNow();
        exam.Close(Now);
        exam.BeginRanking();

        exam.FailRanking();

        exam.RankingStatus.Should().Be(ExamRankingStatus.Closed);
        exam.BeginRanking();
        exam.RankingStatus.Should().Be(ExamRankingStatus.Ranking);
    }

    [Fact]
    public void An_exam_cannot_close_before_its_window_ends()
    {
        var exam = new ExamBuilder().Window(Now.AddHours(-1), Now.AddMinutes(1)).Build();
        FluentActions.Invoking(() => exam.Close(Now)).Should().Throw<DomainException>().Which.Code.Should().Be("exam.still_open");
        exam.RankingStatus.Should().Be(ExamRankingStatus.Open);
    }

    [Fact]
    public void Every_other_move_is_refused()
    {
        var exam = ClosingNow();
        FluentActions.Invoking(exam.BeginRanking).Should().Throw<DomainException>().Which.Code.Should().Be("exam.invalid_transition");
        FluentActions.Invoking(exam.Publish).Should().Throw<DomainException>();
        exam.Close(Now);
        FluentActions.Invoking(() => exam.Close(Now)).Should().Throw<DomainException>();
        FluentActions.Invoking(() => exam.CompleteRanking(0, 0)).Should().Throw<DomainException>();
        FluentActions.Invoking(exam.FailRanking).Should().Throw<DomainException>();
        exam.BeginRanking();
        FluentActions.Invoking(exam.BeginRanking).Should().Throw<DomainException>("a second run cannot start while one runs");
        FluentActions.Invoking(exam.Publish).Should().Throw<DomainException>();
        exam.CompleteRanking(0, 0);
        FluentActions.Invoking(exam.FailRanking).Should().Throw<DomainException>();
        exam.Publish();
        FluentActions.Invoking(exam.Publish).Should().Throw<DomainException>();
        exam.RankingStatus.Should().Be(ExamRankingStatus.Published);
    }

    [Fact]
    public void Completing_the_ranking_records_the_economics_of_the_counted_participants()
    {
        var exam = ClosingNow();
        exam.SetTerms(PrizeTable.Create(TieRule.ShareEqually, [new PrizeTier(1, 1, Prize.CoinsOf(500))]), entryFee: 100,
            rakeBasisPoints: 1_000, guaranteedPool: 300);
        exam.Close(Now);
        exam.BeginRanking();

        exam.CompleteRanking(participants: 12, paidOut: 500);

        exam.Economics.Should().Be(new ExamEconomics(12, 1_200, 120, 1_080, 500));
    }

    [Fact]
    public void Prizes_and_fees_are_fixed_once_the_exam_has_closed()
    {
        var exam = ClosingNow();
        exam.Close(Now);

        var act = () => exam.SetTerms(PrizeTable.Empty, 0, 0, 0);

        act.Should().Throw<DomainException>().Which.Code.Should().Be("exam.invalid_definition");
    }

    [Fact]
    public void Terms_out_of_range_are_refused()
    {
        var exam = ClosingNow();
        FluentActions.Invoking(() => exam.SetTerms(PrizeTable.Empty, -1, 0, 0)).Should().Throw<DomainException>();
        FluentActions.Invoking(() => exam.SetTerms(PrizeTable.Empty, 0, 10_001, 0)).Should().Throw<DomainException>();
        exam.EntryFee.Should().Be(0);
    }

    [Fact]
    public void No_attempt_starts_once_the_exam_is_closed_for_ranking()
    {
        var exam = new ExamBuilder().Window(Now.AddHours(-2), Now.AddHours(1)).Build();
        exam.Close(Now.AddHours(1));

        var act = () => exam.StartAttemptFor(Guid.NewGuid(), [], false, "h", Now, new Random(1));

        act.Should().Throw<DomainException>().Which.Code.Should().Be("exam.not_open");
    }
}
