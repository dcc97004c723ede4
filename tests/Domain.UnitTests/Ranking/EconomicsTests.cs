using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Ranking;

namespace LearningPlatform.Domain.UnitTests.Ranking;

public class EconomicsTests
{
    [Fact]
    public void Pool_is_the_fees_after_rake()
    {
        var economics = ExamEconomics.Compute(participants: 200, entryFee: 10, rakeBasisPoints: 1_500, guaranteedPool: 0, paidOut: 1_200);

        economics.FeesCollected.Should().Be(2_000);
        economics.Rake.Should().Be(300);
        economics.PrizePool.Should().Be(1_700);
        economics.PaidOut.Should().Be(1_200);
    }

    [Fact]
    public void A_guaranteed_minimum_tops_the_pool_up()
    {
        var economics = ExamEconomics.Compute(participants: 3, entryFee: 10, rakeBasisPoints: 1_000, guaranteedPool: 500, paidOut: 0);

        economics.FeesCollected.Should().Be(30);
        economics.Rake.Should().Be(3);
        economics.PrizePool.Should().Be(500);
    }

    [Fact]
    public void Rake_rounds_down_in_the_players_favour()
    {
        ExamEconomics.Compute(participants: 7, entryFee: 3, rakeBasisPoints: 1_000, guaranteedPool: 0, paidOut: 0).Rake.Should().Be(2);
    }

    [Theory]
    [InlineData(-1, 10, 0)]
    [InlineData(1, -10, 0)]
    [InlineData(1, 10, 10_001)]
    public void Negative_counts_or_a_rake_over_100_percent_are_refused(int participants, long fee, int rake) =>
        FluentActions.Invoking(() => ExamEconomics.Compute(participants, fee, rake, 0, 0))
            .Should().Throw<DomainException>().Which.Code.Should().Be("economics.invalid");
}
