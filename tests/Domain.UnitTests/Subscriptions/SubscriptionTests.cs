using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Subscriptions;

namespace LearningPlatform.Domain.UnitTests.Subscriptions;

public class SubscriptionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly Plan Monthly = Plan.Create("premium-monthly", "Premium", "com.example.premium.monthly", "premium_monthly");

    private static StoreEvent Event(string id, int minutes, SubscriptionStatus status, int expiresInDays = 30) =>
        new(id, id.ToUpperInvariant(), Now.AddMinutes(minutes), status, Now.AddDays(expiresInDays));

    private static Subscription NewSubscription(Guid? learner = null, SubscriptionStatus status = SubscriptionStatus.Active) =>
        Subscription.Start(learner ?? Guid.NewGuid(), Monthly, Store.Apple, "1000000001", "com.example.premium.monthly",
            Event("buy", 0, status), Now);

    [Theory]
    [InlineData(SubscriptionStatus.Active, true)]
    [InlineData(SubscriptionStatus.Grace, true)]
    [InlineData(SubscriptionStatus.Canceled, true)]
    [InlineData(SubscriptionStatus.OnHold, false)]
    [InlineData(SubscriptionStatus.Paused, false)]
    [InlineData(SubscriptionStatus.Expired, false)]
    [InlineData(SubscriptionStatus.Refunded, false)]
    [InlineData(SubscriptionStatus.Revoked, false)]
    public void Entitlement_is_active_grace_or_canceled_before_expiry(SubscriptionStatus status, bool entitled)
    {
        var subscription = NewSubscription(status: status);

        subscription.IsEntitledAt(Now.AddDays(1)).Should().Be(entitled);
        subscription.IsEntitledAt(Now.AddDays(30)).Should().BeFalse("nothing entitles past its expiry");
    }

    [Fact]
    public void A_new_subscription_records_the_event_that_created_it()
    {
        var subscription = NewSubscription();

        subscription.Changes.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            EventId = "buy", EventType = "BUY", From = (SubscriptionStatus?)null, To = SubscriptionStatus.Active, OccurredAt = Now,
        });
    }

    [Fact]
    public void Every_move_is_recorded_with_the_store_event_that_caused_it()
    {
        var subscription = NewSubscription();

        subscription.Apply(Event("grace", 10, SubscriptionStatus.Grace, 33), Now.AddMinutes(11)).Should().BeTrue();
        subscription.Apply(Event("refund", 20, SubscriptionStatus.Refunded), Now.AddMinutes(21)).Should().BeTrue();

        subscription.Status.Should().Be(SubscriptionStatus.Refunded);
        subscription.Changes.Select(c => (c.EventId, c.From, c.To)).Should().Equal(
            ("buy", null, SubscriptionStatus.Active),
            ("grace", SubscriptionStatus.Active, SubscriptionStatus.Grace),
            ("refund", SubscriptionStatus.Grace, SubscriptionStatus.Refunded));
        subscription.IsEntitledAt(Now.AddMinutes(22)).Should().BeFalse();
    }

    [Fact]
    public void An_event_older_than_the_current_state_is_ignored()
    {
        var subscription = NewSubscription();
        subscription.Apply(Event("refund", 20, SubscriptionStatus.Refunded), Now.AddMinutes(21));

        subscription.Apply(Event("renew", 10, SubscriptionStatus.Active, 60), Now.AddMinutes(30)).Should().BeFalse();

        subscription.Status.Should().Be(SubscriptionStatus.Refunded);
        subscription.LastEventId.Should().Be("refund");
        subscription.Changes.Should().HaveCount(2);
    }

    [Fact]
    public void The_same_event_twice_moves_once()
    {
        var subscription = NewSubscription();
        var renew = Event("renew", 10, SubscriptionStatus.Active, 60);

        subscription.Apply(renew, Now.AddMinutes(11)).Should().BeTrue();
        subscription.Apply(renew, Now.AddMinutes(12)).Should().BeFalse();

        subscription.Changes.Should().HaveCount(2);
        subscription.ExpiresAt.Should().Be(Now.AddDays(60));
    }

    [Fact]
    public void An_entitling_state_without_an_expiry_is_refused()
    {
        var subscription = NewSubscription();

        var act = () => subscription.Apply(new StoreEvent("renew", "DID_RENEW", Now.AddMinutes(1), SubscriptionStatus.Active, null), Now);

        act.Should().Throw<DomainException>().Which.Code.Should().Be("billing.receipt_malformed");
        subscription.Changes.Should().HaveCount(1);
    }

    [Fact]
    public void A_product_no_plan_sells_is_refused()
    {
        var act = () => Subscription.Start(Guid.NewGuid(), Monthly, Store.Google, "token", "com.example.premium.monthly",
            Event("buy", 0, SubscriptionStatus.Active), Now);

        act.Should().Throw<DomainException>().Which.Code.Should().Be("billing.unknown_product");
    }

    [Fact]
    public void The_owner_presenting_again_changes_nothing_and_another_learner_is_seen_before()
    {
        var owner = Guid.NewGuid();
        var subscription = NewSubscription(owner);

        subscription.PresentedBy(owner, TransferRule.Never, Now).Should().Be(Presentation.Owner);
        subscription.PresentedBy(Guid.NewGuid(), TransferRule.Never, Now).Should().Be(Presentation.SeenBefore);

        subscription.LearnerId.Should().Be(owner);
        subscription.Changes.Should().HaveCount(1);
    }

    [Fact]
    public void Under_the_transfer_rule_a_restore_on_another_account_moves_the_subscription_and_records_it()
    {
        var owner = Guid.NewGuid();
        var other = Guid.NewGuid();
        var subscription = NewSubscription(owner);

        subscription.PresentedBy(other, TransferRule.ToPresenter, Now.AddMinutes(5)).Should().Be(Presentation.Transferred);

        subscription.LearnerId.Should().Be(other);
        subscription.Status.Should().Be(SubscriptionStatus.Active);
        subscription.Changes.Last().Should().BeEquivalentTo(new { EventType = SubscriptionChange.TransferType, LearnerId = other });
    }

    [Fact]
    public void A_presented_transaction_does_not_turn_auto_renew_back_on()
    {
        var subscription = NewSubscription();
        subscription.Apply(Event("renewal-off", 10, SubscriptionStatus.Canceled), Now.AddMinutes(10));

        subscription.Apply(new StoreEvent("presented", StoreEvent.PurchaseType, Now.AddMinutes(20), SubscriptionStatus.Active, Now.AddDays(30)), Now)
            .Should().BeTrue();

        subscription.Status.Should().Be(SubscriptionStatus.Canceled);
        subscription.IsEntitledAt(Now.AddDays(29)).Should().BeTrue();
    }
}
