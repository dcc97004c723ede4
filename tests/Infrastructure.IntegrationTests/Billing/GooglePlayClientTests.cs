using LearningPlatform.FakeGooglePlay;
using LearningPlatform.Infrastructure.Billing.Google;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Infrastructure.IntegrationTests.Billing;

/// <summary>The Play Developer API client against the fake: token, subscriptionsv2.get, acknowledge, voided purchases, failures.</summary>
public class GooglePlayClientTests
{
    [Fact]
    public async Task A_subscription_is_read_with_its_state_product_expiry_and_linked_token()
    {
        await using var google = await GooglePlayHarness.StartAsync();
        var now = GooglePlayHarness.Start;
        google.Play.SetSubscription("tok-2", FakePlaySubscription.ActiveFor("premium_monthly", now, linkedPurchaseToken: "tok-1")
            with { State = FakePlaySubscription.InGracePeriod, ObfuscatedExternalAccountId = "acct-1", AutoRenewEnabled = true });

        var subscription = await google.Client.GetSubscriptionAsync("tok-2", CancellationToken.None);

        subscription.Should().NotBeNull();
        subscription!.State.Should().Be("SUBSCRIPTION_STATE_IN_GRACE_PERIOD");
        subscription.ProductId.Should().Be("premium_monthly");
        subscription.ExpiryTime.Should().Be(now.AddDays(30));
        subscription.StartTime.Should().Be(now);
        subscription.LinkedPurchaseToken.Should().Be("tok-1");
        subscription.ObfuscatedAccountId.Should().Be("acct-1");
        subscription.AutoRenewEnabled.Should().BeTrue();
        subscription.Acknowledged.Should().BeFalse();
        google.Play.TokenGrants.Should().Be(1);
    }

    [Fact]
    public async Task An_unknown_token_reads_as_no_subscription()
    {
        await using var google = await GooglePlayHarness.StartAsync();

        (await google.Client.GetSubscriptionAsync("never-issued", CancellationToken.None)).Should().BeNull();

        google.Play.Requests.Should().ContainSingle().Which.AnsweredStatus.Should().Be(400);
    }

    [Fact]
    public async Task Acknowledge_reaches_the_API_and_the_purchase_reads_acknowledged()
    {
        await using var google = await GooglePlayHarness.StartAsync();
        google.Play.SetSubscription("tok-a", FakePlaySubscription.ActiveFor("premium_monthly", GooglePlayHarness.Start));

        await google.Client.AcknowledgeAsync("premium_monthly", "tok-a", CancellationToken.None);

        google.Play.AcknowledgeCalls("tok-a").Should().Be(1);
        (await google.Client.GetSubscriptionAsync("tok-a", CancellationToken.None))!.Acknowledged.Should().BeTrue();
    }

    [Fact]
    public async Task A_passing_failure_is_retried_and_a_lasting_one_is_unavailable()
    {
        await using var google = await GooglePlayHarness.StartAsync();
        google.Play.SetSubscription("tok-r", FakePlaySubscription.ActiveFor("premium_monthly", GooglePlayHarness.Start));

        google.Play.FailNext(503, times: 2);
        (await google.Client.GetSubscriptionAsync("tok-r", CancellationToken.None)).Should().NotBeNull();
        google.Play.Requests.Select(r => r.AnsweredStatus).Should().Equal(503, 503, 200);

        google.Play.FailNext(503, times: 3);
        var lasting = () => google.Client.GetSubscriptionAsync("tok-r", CancellationToken.None);
        await lasting.Should().ThrowAsync<GooglePlayUnavailableException>().WithMessage("*HTTP 503*");
    }

    [Fact]
    public async Task A_wrong_package_is_a_configuration_error_not_an_unknown_token()
    {
        await using var google = await GooglePlayHarness.StartAsync(s => s["Billing:Google:PackageName"] = "com.example.other");

        var read = () => google.Client.GetSubscriptionAsync("tok", CancellationToken.None);

        await read.Should().ThrowAsync<GooglePlayUnavailableException>().WithMessage("*404*");
        google.Logs.Entries.Should().Contain(e => e.Level == LogLevel.Error && e.Message.Contains("No application was found"));
    }

    [Fact]
    public async Task Voided_purchases_are_listed_page_by_page_for_subscriptions()
    {
        await using var google = await GooglePlayHarness.StartAsync();
        var now = GooglePlayHarness.Start;
        google.Play.AddVoided(new FakeVoidedPurchase("tok-v1", "GPA.1", now.AddDays(-10), now.AddDays(-1)));
        google.Play.AddVoided(new FakeVoidedPurchase("tok-v2", "GPA.2", now.AddDays(-10), now.AddHours(-1), VoidedReason: 7));
        google.Play.AddVoided(new FakeVoidedPurchase("tok-old", "GPA.3", now.AddDays(-40), now.AddDays(-20)));

        var page = await google.Client.ListVoidedAsync(now.AddDays(-3), now, pageToken: null, CancellationToken.None);

        page.Purchases.Select(p => (p.PurchaseToken, p.VoidedReason)).Should().Equal(("tok-v1", 1), ("tok-v2", 7));
        page.Purchases[1].VoidedTime.Should().Be(now.AddHours(-1));
        page.NextPageToken.Should().BeNull();
    }
}
