using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Rewards;
using LearningPlatform.Domain.Wallets;

namespace LearningPlatform.Domain.UnitTests.Wallets;

public class WalletTests
{
    private static readonly DateTimeOffset Now = ExamBuilder.Now;

    [Fact]
    public void Every_movement_comes_with_its_ledger_entry_and_the_balance_is_their_sum()
    {
        var learner = Guid.NewGuid();
        var exam = Guid.NewGuid();
        var wallet = Wallet.Open(learner, Now);

        var entries = new[]
        {
            wallet.Credit(300, CoinEntryReason.ExamPrize, exam, Now),
            wallet.Debit(100, CoinEntryReason.EntryFee, exam, Now),
            wallet.Credit(100, CoinEntryReason.EntryRefund, exam, Now),
        };

        wallet.Balance.Should().Be(300).And.Be(entries.Sum(e => e.Amount));
        entries.Should().OnlyContain(e => e.LearnerId == learner && e.ExamId == exam);
        entries[1].Amount.Should().Be(-100);
    }

    [Fact]
    public void A_debit_beyond_the_balance_is_refused_and_changes_nothing()
    {
        var wallet = Wallet.Open(Guid.NewGuid(), Now);
        wallet.Credit(99, CoinEntryReason.DemoGrant, null, Now);

        var act = () => wallet.Debit(100, CoinEntryReason.EntryFee, Guid.NewGuid(), Now);

        var error = act.Should().Throw<DomainException>().Which;
        error.Code.Should().Be("wallet.insufficient_funds");
        error.Kind.Should().Be(DomainErrorKind.Conflict);
        error.Extensions["balance"].Should().Be(99L);
        error.Extensions["required"].Should().Be(100L);
        wallet.Balance.Should().Be(99);
    }

    [Theory]
    [InlineData(0, CoinEntryReason.ExamPrize)]
    [InlineData(-5, CoinEntryReason.EntryRefund)]
    [InlineData(10, CoinEntryReason.EntryFee)]
    public void A_credit_is_positive_and_never_a_fee(long amount, CoinEntryReason reason)
    {
        var wallet = Wallet.Open(Guid.NewGuid(), Now);

        FluentActions.Invoking(() => wallet.Credit(amount, reason, null, Now))
            .Should().Throw<DomainException>().Which.Code.Should().Be("wallet.invalid_movement");
        wallet.Balance.Should().Be(0);
    }

    [Theory]
    [InlineData(0, CoinEntryReason.EntryFee)]
    [InlineData(10, CoinEntryReason.ExamPrize)]
    public void A_debit_is_a_positive_entry_fee(long amount, CoinEntryReason reason)
    {
        var wallet = Wallet.Open(Guid.NewGuid(), Now);
        wallet.Credit(100, CoinEntryReason.DemoGrant, null, Now);

        FluentActions.Invoking(() => wallet.Debit(amount, reason, null, Now))
            .Should().Throw<DomainException>().Which.Code.Should().Be("wallet.invalid_movement");
        wallet.Balance.Should().Be(100);
    }
}
