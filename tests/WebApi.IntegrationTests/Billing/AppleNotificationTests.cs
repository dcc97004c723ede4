using System.Net;
using LearningPlatform.TestSupport;
using LearningPlatform.WebApi.IntegrationTests.Content;
using static LearningPlatform.TestSupport.ApplePayloads;

namespace LearningPlatform.WebApi.IntegrationTests.Billing;

/// <summary>
/// App Store Server Notifications v2 at <c>POST /api/learning/billing/webhooks/apple</c>: verified like a purchase,
/// recorded once by <c>notificationUUID</c> before the 200, applied in the store's order whatever the delivery order.
/// </summary>
public class AppleNotificationTests(AppleBillingApiFactory api) : IClassFixture<AppleBillingApiFactory>
{
    private DateTimeOffset Now => api.Clock.GetUtcNow();

    private string Notification(string uuid, string type, string? subtype, DateTimeOffset signedDate, string originalId, Guid learner,
        DateTimeOffset expires, DateTimeOffset? graceUntil = null, string environment = "Production", long appAppleId = AppAppleId)
    {
        var transaction = api.Apple.Sign(Transaction(originalId, signedDate, expires, learner, transactionId: $"{originalId}-{uuid}", environment: environment));
        var renewal = graceUntil is { } until
            ? api.Apple.Sign(new Dictionary<string, object?>
            {
                ["originalTransactionId"] = originalId, ["gracePeriodExpiresDate"] = Ms(until), ["signedDate"] = Ms(signedDate),
                ["environment"] = environment, ["autoRenewStatus"] = 1,
            })
            : null;
        return api.Apple.Sign(ApplePayloads.Notification(uuid, type, subtype, signedDate, transaction, renewal, environment, appAppleId));
    }

    private Task<long> NotificationRowsAsync(string uuid) =>
        api.Database.CountAsync($"select count(*) from store_notifications where store = 'Apple' and notification_id = '{uuid}'");

    private Task<long> ChangesAsync(string originalId) =>
        api.Database.CountAsync($"select count(*) from subscription_changes c join subscriptions s on s.id = c.subscription_id where s.store_transaction_id = '{originalId}'");

    [Fact]
    public async Task Renewal_grace_expiry_and_refund_delivered_out_of_order_and_twice_end_refunded_with_each_event_applied_once()
    {
        var learner = await api.NewLearnerAsync();
        var id = BillingSteps.NewTransactionId();
        var t0 = Now.AddDays(-40);
        await learner.Client.PresentAppleOkAsync(api.Apple.Sign(Transaction(id, t0, Now.AddDays(-10), learner.Id)));
        var renew = Notification("renew-" + id, "DID_RENEW", null, t0.AddDays(30), id, learner.Id, Now.AddDays(20));
        var grace = Notification("grace-" + id, "DID_FAIL_TO_RENEW", "GRACE_PERIOD", t0.AddDays(31), id, learner.Id, Now.AddDays(20), graceUntil: Now.AddDays(25));
        var expiry = Notification("expiry-" + id, "EXPIRED", "BILLING_RETRY", t0.AddDays(32), id, learner.Id, Now.AddDays(20));
        var refund = Notification("refund-" + id, "REFUND", null, t0.AddDays(33), id, learner.Id, Now.AddDays(20));

        var outcomes = new List<string>();
        foreach (var delivery in new[] { grace, renew, refund, expiry, renew, refund, grace, expiry })
        {
            var receipt = await (await api.NotifyAppleAsync(delivery)).OkJsonAsync();
            outcomes.Add($"{receipt.GetProperty("outcome").GetString()}{(receipt.GetProperty("duplicate").GetBoolean() ? " (dup)" : "")}");
        }

        outcomes.Should().Equal("APPLIED", "IGNORED", "APPLIED", "IGNORED", "IGNORED (dup)", "APPLIED (dup)", "APPLIED (dup)", "IGNORED (dup)");
        var subscription = (await learner.Client.SubscriptionAsync()).GetProperty("subscription");
        subscription.GetProperty("status").GetString().Should().Be("REFUNDED");
        (await ChangesAsync(id)).Should().Be(3, "the purchase, the grace period and the refund moved it; the late renewal and expiry did not");
        foreach (var uuid in new[] { "renew-", "grace-", "expiry-", "refund-" })
        {
            (await NotificationRowsAsync(uuid + id)).Should().Be(1);
        }
    }

    [Fact]
    public async Task Renewal_grace_expiry_and_refund_in_order_each_move_the_subscription_once_and_replays_change_nothing()
    {
        var learner = await api.NewLearnerAsync();
        var id = BillingSteps.NewTransactionId();
        var t0 = Now.AddDays(-40);
        await learner.Client.PresentAppleOkAsync(api.Apple.Sign(Transaction(id, t0, Now.AddDays(-10), learner.Id)));
        var steps = new (string Payload, string Status, bool Entitled)[]
        {
            (Notification("renew-" + id, "DID_RENEW", null, t0.AddDays(30), id, learner.Id, Now.AddDays(20)), "ACTIVE", true),
            (Notification("grace-" + id, "DID_FAIL_TO_RENEW", "GRACE_PERIOD", t0.AddDays(31), id, learner.Id, Now.AddDays(-1), graceUntil: Now.AddDays(5)), "GRACE", true),
            (Notification("expiry-" + id, "EXPIRED", "BILLING_RETRY", t0.AddDays(32), id, learner.Id, Now.AddDays(-1)), "EXPIRED", false),
            (Notification("refund-" + id, "REFUND", null, t0.AddDays(33), id, learner.Id, Now.AddDays(-1)), "REFUNDED", false),
        };

        foreach (var (payload, status, entitled) in steps)
        {
            (await (await api.NotifyAppleAsync(payload)).OkJsonAsync()).GetProperty("outcome").GetString().Should().Be("APPLIED");
            (await (await api.NotifyAppleAsync(payload)).OkJsonAsync()).GetProperty("duplicate").GetBoolean().Should().BeTrue();
            var now = await learner.Client.SubscriptionAsync();
            now.GetProperty("subscription").GetProperty("status").GetString().Should().Be(status);
            now.GetProperty("entitled").GetBoolean().Should().Be(entitled, status);
        }

        (await ChangesAsync(id)).Should().Be(5);
    }

    [Fact]
    public async Task A_refunded_learner_is_refused_a_premium_exam_start_and_a_premium_lesson_on_the_next_request()
    {
        var admin = api.ClientWith((await api.Identity.AdminAsync()).AccessToken);
        var course = await admin.CreateCourseAsync("Premium course " + Guid.NewGuid().ToString("N")[..6]);
        var lesson = await admin.CreateLessonAsync(course, ContentSteps.Article("Premium article", premium: true));
        var exam = await api.AddExamAsync(premium: true);
        var learner = await api.NewLearnerAsync();
        var id = BillingSteps.NewTransactionId();
        await learner.Client.PresentAppleOkAsync(api.Apple.Sign(Transaction(id, Now.AddMinutes(-1), Now.AddDays(30), learner.Id)));
        await learner.Client.GetAppOkAsync($"/lessons/{lesson}");

        await (await api.NotifyAppleAsync(Notification("refund-" + id, "REFUND", null, Now, id, learner.Id, Now.AddDays(30)))).OkJsonAsync();

        await (await learner.Client.GetAppAsync($"/lessons/{lesson}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "subscription.required");
        await (await learner.Client.StartAsync(exam.Id, Guid.NewGuid().ToString())).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "subscription.required");
    }

    [Fact]
    public async Task A_notification_before_the_app_presents_the_purchase_gives_the_subscription_to_the_appAccountToken_learner()
    {
        var learner = await api.NewLearnerAsync();
        var id = BillingSteps.NewTransactionId();

        var receipt = await (await api.NotifyAppleAsync(Notification("sub-" + id, "SUBSCRIBED", "INITIAL_BUY", Now, id, learner.Id, Now.AddDays(30)))).OkJsonAsync();

        receipt.GetProperty("outcome").GetString().Should().Be("APPLIED");
        (await learner.Client.SubscriptionAsync()).GetProperty("entitled").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task An_auto_renew_switched_off_keeps_the_learner_entitled_until_expiry_as_CANCELED()
    {
        var learner = await api.NewLearnerAsync();
        var id = BillingSteps.NewTransactionId();
        await learner.Client.PresentAppleOkAsync(api.Apple.Sign(Transaction(id, Now.AddMinutes(-2), Now.AddDays(3), learner.Id)));

        await (await api.NotifyAppleAsync(Notification("off-" + id, "DID_CHANGE_RENEWAL_STATUS", "AUTO_RENEW_DISABLED", Now.AddMinutes(-1), id, learner.Id, Now.AddDays(3)))).OkJsonAsync();

        var status = await learner.Client.SubscriptionAsync();
        status.GetProperty("subscription").GetProperty("status").GetString().Should().Be("CANCELED");
        status.GetProperty("entitled").GetBoolean().Should().BeTrue();
    }

    public static TheoryData<string, HttpStatusCode, string> Refusals() => new()
    {
        { "signed by another root", HttpStatusCode.Unauthorized, "billing.notification_unverified" },
        { "tampered", HttpStatusCode.Unauthorized, "billing.notification_unverified" },
        { "another app's appAppleId", HttpStatusCode.Unauthorized, "billing.notification_unverified" },
        { "sandbox", HttpStatusCode.Unauthorized, "billing.notification_unverified" },
        { "not a JWS", HttpStatusCode.BadRequest, "billing.receipt_malformed" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task An_unverified_or_malformed_notification_is_refused_and_nothing_is_stored(string refusal, HttpStatusCode status, string code)
    {
        var learner = await api.NewLearnerAsync();
        var id = BillingSteps.NewTransactionId();
        var uuid = "bad-" + id;
        using var stranger = AppleTestChain.Create(name: "Attacker");
        var genuine = Notification(uuid, "SUBSCRIBED", "INITIAL_BUY", Now, id, learner.Id, Now.AddDays(30));
        var payload = refusal switch
        {
            "signed by another root" => stranger.Sign(ApplePayloads.Notification(uuid, "SUBSCRIBED", null, Now,
                stranger.Sign(Transaction(id, Now, Now.AddDays(30), learner.Id)))),
            "tampered" => AppleTestChain.Tamper(genuine, ApplePayloads.Notification(uuid, "SUBSCRIBED", null, Now,
                api.Apple.Sign(Transaction(id, Now, Now.AddYears(10), learner.Id)))),
            "another app's appAppleId" => Notification(uuid, "SUBSCRIBED", "INITIAL_BUY", Now, id, learner.Id, Now.AddDays(30), appAppleId: 42),
            "sandbox" => Notification(uuid, "SUBSCRIBED", "INITIAL_BUY", Now, id, learner.Id, Now.AddDays(30), environment: "Sandbox"),
            _ => "not-a-jws",
        };

        await (await api.NotifyAppleAsync(payload)).ShouldBeProblemAsync(status, code);

        (await NotificationRowsAsync(uuid)).Should().Be(0);
        (await api.SubscriptionRowsAsync(id)).Should().Be(0);
    }

    [Fact]
    public async Task A_webhook_for_an_unknown_store_is_400_and_needs_no_token()
    {
        var response = await api.CreateClient().PostAsync("/api/learning/billing/webhooks/amazon",
            new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "billing.store_unsupported");
    }

    [Theory]
    [InlineData("com.learningplatform.other.subscription", "Auto-Renewable Subscription")]
    [InlineData("com.learningplatform.coins.100", "Consumable")]
    public async Task A_verified_notification_about_a_product_no_plan_sells_is_recorded_and_ignored(string productId, string type)
    {
        var learner = await api.NewLearnerAsync();
        var id = BillingSteps.NewTransactionId();
        var transaction = Transaction(id, Now, Now.AddDays(30), learner.Id, productId: productId);
        transaction["type"] = type;
        var payload = api.Apple.Sign(ApplePayloads.Notification("other-" + id, "REFUND", null, Now, api.Apple.Sign(transaction)));

        var receipt = await (await api.NotifyAppleAsync(payload)).OkJsonAsync();

        receipt.GetProperty("outcome").GetString().Should().Be("IGNORED", "refusing it would make the App Store retry it for days");
        (await NotificationRowsAsync("other-" + id)).Should().Be(1);
        (await api.SubscriptionRowsAsync(id)).Should().Be(0);
    }
}
