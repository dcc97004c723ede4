using LearningPlatform.Domain.Subscriptions;
using LearningPlatform.Infrastructure.Billing.Google;

namespace LearningPlatform.Infrastructure.IntegrationTests.Billing;

/// <summary>SubscriptionPurchaseV2 states as the domain's: what entitles, what waits, what is not a purchase yet.</summary>
public class GooglePlayStateTests
{
    [Theory]
    [InlineData("SUBSCRIPTION_STATE_ACTIVE", SubscriptionStatus.Active)]
    [InlineData("SUBSCRIPTION_STATE_IN_GRACE_PERIOD", SubscriptionStatus.Grace)]
    [InlineData("SUBSCRIPTION_STATE_ON_HOLD", SubscriptionStatus.OnHold)]
    [InlineData("SUBSCRIPTION_STATE_PAUSED", SubscriptionStatus.Paused)]
    [InlineData("SUBSCRIPTION_STATE_CANCELED", SubscriptionStatus.Canceled)]
    [InlineData("SUBSCRIPTION_STATE_EXPIRED", SubscriptionStatus.Expired)]
    public void Each_Play_state_maps_to_its_domain_state(string state, SubscriptionStatus expected) =>
        GooglePlayStore.StatusOf(state).Should().Be(expected);

    [Theory]
    [InlineData("SUBSCRIPTION_STATE_PENDING")]
    [InlineData("SUBSCRIPTION_STATE_PENDING_PURCHASE_CANCELED")]
    [InlineData("SUBSCRIPTION_STATE_UNSPECIFIED")]
    [InlineData("SOMETHING_NEW")]
    public void A_purchase_not_paid_or_an_unknown_state_is_no_state(string state) =>
        GooglePlayStore.StatusOf(state).Should().BeNull();

    [Fact]
    public void A_push_body_is_read_for_its_message_id_package_and_token_and_anything_else_is_refused()
    {
        var data = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(
            """{"version":"1.0","packageName":"com.example.learning","eventTimeMillis":"1764590400000","subscriptionNotification":{"version":"1.0","notificationType":2,"purchaseToken":"tok","subscriptionId":"premium_monthly"}}"""));
        var body = System.Text.Encoding.UTF8.GetBytes($$"""{"message":{"data":"{{data}}","messageId":"136969346945"},"subscription":"projects/p/subscriptions/s"}""");

        var parsed = PlayNotification.Parse(body);

        parsed.Should().Be(new PlayNotification("136969346945", "com.example.learning", DateTimeOffset.FromUnixTimeMilliseconds(1764590400000),
            PlayNotificationKind.Subscription, "tok", 2, null));
        PlayNotification.Parse("{}"u8).Should().BeNull();
        PlayNotification.Parse("not json"u8).Should().BeNull();
        PlayNotification.Parse("""{"message":{"messageId":"1","data":"!!"}}"""u8).Should().BeNull();
    }
}
