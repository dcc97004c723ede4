using FluentAssertions;
using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Ranking;
using Xunit;

namespace LearningPlatform.Domain.UnitTests.Exams;

public class ExamModeTests
{
    private static readonly DateTimeOffset Now = ExamBuilder.Now;

    [Fact]
    public void An_exam_is_a_contest_unless_made_a_practice()
    {
        new ExamBuilder().Build().Mode.Should().Be(ExamMode.Contest);
        new ExamBuilder().Practice().Build().Mode.Should().Be(ExamMode.Practice);
    }

    [Fact]
    public void A_contest_board_shows_only_a_count_while_the_window_is_open()
    {
        var exam = new ExamBuilder().Window(Now.AddHours(-1), Now.AddHours(1)).Build();

        exam.BoardVisibilityAt(Now).Should().Be(BoardVisibility.CountOnly);
        exam.BoardVisibilityAt(Now.AddHours(1).AddTicks(-1)).Should().Be(BoardVisibility.CountOnly);
    }

    [Fact]
    public void A_contest_board_is_provisional_from_the_close_and_final_once_published()
    {
        var exam = new ExamBuilder().Window(Now.AddHours(-1), Now.AddHours(1)).Build();
        var closed = Now.AddHours(1);

        exam.BoardVisibilityAt(closed).Should().Be(BoardVisibility.Provisional, "the window ended even before the job closes the exam");
        exam.Close(closed);
        exam.BoardVisibilityAt(closed).Should().Be(BoardVisibility.Provisional);
        exam.BeginRanking();
        exam.CompleteRanking(participants: 0, paidOut: 0);
        exam.BoardVisibilityAt(closed).Should().Be(BoardVisibility.Provisional, "ranked is not yet published");
        exam.Publish();
        exam.BoardVisibilityAt(closed).Should().Be(BoardVisibility.Final);
    }

    [Fact]
    public void A_practice_exam_has_no_board_at_any_time()
    {
        var exam = new ExamBuilder().Practice().Window(Now.AddHours(-1), Now.AddHours(1)).Build();

        exam.BoardVisibilityAt(Now).Should().Be(BoardVisibility.None);
        exam.BoardVisibilityAt(Now.AddDays(30)).Should().Be(BoardVisibility.None);
    }

    [Fact]
    public void A_practice_exam_is_never_closed_for_ranking()
    {
        var exam = new ExamBuilder().Practice().Window(Now.AddHours(-1), Now.AddHours(1)).Build();

        var close = () => exam.Close(Now.AddHours(2));

        close.Should().Throw<DomainException>().Which.Code.Should().Be("exam.practice_not_ranked");
        exam.RankingStatus.Should().Be(ExamRankingStatus.Open);
    }

    [Fact]
    public void A_practice_exam_takes_no_prizes_or_fees()
    {
        var exam = new ExamBuilder().Practice().Build();
        var prizes = PrizeTable.Create(TieRule.ShareEqually, [new PrizeTier(1, 1, Prize.CoinsOf(100))]);

        var withPrizes = () => exam.SetTerms(prizes, entryFee: 0, rakeBasisPoints: 0, guaranteedPool: 0);
        var withFee = () => exam.SetTerms(PrizeTable.Empty, entryFee: 10, rakeBasisPoints: 0, guaranteedPool: 0);

        withPrizes.Should().Throw<DomainException>().Which.Code.Should().Be("exam.invalid_definition");
        withFee.Should().Throw<DomainException>().Which.Code.Should().Be("exam.invalid_definition");
        exam.Prizes.Tiers.Should().BeEmpty();
        exam.EntryFee.Should().Be(0);
    }
}
