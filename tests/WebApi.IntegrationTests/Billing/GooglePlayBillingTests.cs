using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LearningPlatform.Application.Jobs;
using LearningPlatform.Domain.Subscriptions;
using LearningPlatform.FakeGooglePlay;
using LearningPlatform.Infrastructure.Persistence;
using LearningPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningPlatform.WebApi.IntegrationTests.Billing;

/// <summary>
/// Google Play end to end through the real adapter and a fake Play: purchases verified and acknowledged once, ownership
/// along the linkedPurchaseToken chain, Pub/Sub pushes authenticated and re-read from the API, voided purchases polled.
/// </summary>
public class GooglePlayBillingTests(GooglePlayApiFactory api) : IClassFixture<GooglePlayApiFactory>
{
    private const string Product = "premium_monthly";
    private const string Webhook = "/api/learning/billing/webhooks/google";

    private FakeGooglePlayServer Play => api.Play;

    [Fact]
    public async Task A_purchase_Play_verifies_entitles_the_learner_and_is_acknowledged()
    {
        var learner = await api.NewLearnerAsync();
        var token = NewToken();
        Play.SetSubscription(token, FakePlaySubscription.ActiveFor(Product, api.Clock.GetUtcNow()));

        var response = await PurchaseAsync(learner, token);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await JsonAsync(response);
        body.GetProperty("seenBefore").GetBoolean().Should().BeFalse();
        body.GetProperty("entitled").GetBoolean().Should().BeTrue();
        body.GetProperty("subscription").GetProperty("status").GetString().Should().Be("ACTIVE");
        body.GetProperty("subscription").GetProperty("store").GetString().Should().Be("GOOGLE");
        (await SubscriptionOfAsync(learner)).GetProperty("entitled").GetBoolean().Should().BeTrue();
        Play.AcknowledgeCalls(token).Should().Be(1);
        Play.Subscription(token)!.Acknowledged.Should().BeTrue();

        // Presented again: the same subscription, no second acknowledge.
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        (await PurchaseAsync(learner, token)).StatusCode.Should().Be(HttpStatusCode.OK);
        Play.AcknowledgeCalls(token).Should().Be(1);
        (await RowsAsync(token)).Should().Be(1);
    }

    [Fact]
    public async Task A_token_Play_does_not_know_is_refused_with_a_clear_code_and_nothing_is_stored()
    {
        var learner = await api.NewLearnerAsync();
        var token = NewToken();

        var response = await PurchaseAsync(learner, token);

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await JsonAsync(response)).GetProperty("code").GetString().Should().Be("billing.purchase_not_found");
        (await RowsAsync(token)).Should().Be(0);
        (await TokenRowsAsync(token)).Should().Be(0);
        Play.AcknowledgeCalls(token).Should().Be(0);
        (await SubscriptionOfAsync(learner)).GetProperty("entitled").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task A_pending_purchase_or_another_product_is_refused_and_nothing_is_stored()
    {
        var learner = await api.NewLearnerAsync();
        var pending = NewToken();
        Play.SetSubscription(pending, FakePlaySubscription.ActiveFor(Product, api.Clock.GetUtcNow()) with { State = FakePlaySubscription.Pending });
        var mismatched = NewToken();
        Play.SetSubscription(mismatched, FakePlaySubscription.ActiveFor(Product, api.Clock.GetUtcNow()));

        var pendingResponse = await PurchaseAsync(learner, pending);
        var mismatchResponse = await PurchaseAsync(learner, mismatched, productId: "premium_yearly");

        pendingResponse.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await JsonAsync(pendingResponse)).GetProperty("code").GetString().Should().Be("billing.purchase_pending");
        mismatchResponse.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await JsonAsync(mismatchResponse)).GetProperty("code").GetString().Should().Be("billing.receipt_malformed");
        (await RowsAsync(pending) + await RowsAsync(mismatched) + await TokenRowsAsync(pending) + await TokenRowsAsync(mismatched)).Should().Be(0);
        (Play.AcknowledgeCalls(pending) + Play.AcknowledgeCalls(mismatched)).Should().Be(0);
    }

    [Fact]
    public async Task Twenty_concurrent_submissions_by_two_learners_make_one_owner_one_row_and_one_acknowledge()
    {
        var first = await api.NewLearnerAsync();
        var second = await api.NewLearnerAsync();
        var token = NewToken();
        Play.SetSubscription(token, FakePlaySubscription.ActiveFor(Product, api.Clock.GetUtcNow()));

        var calls = Enumerable.Range(0, 20).Select(async i =>
        {
            var learner = i % 2 == 0 ? first : second;
            var response = await PurchaseAsync(learner, token);
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            return (learner.Id, SeenBefore: (await JsonAsync(response)).GetProperty("seenBefore").GetBoolean());
        });
        var results = await Task.WhenAll(calls);

        Play.AcknowledgeCalls(token).Should().Be(1);
        (await RowsAsync(token)).Should().Be(1);
        var owner = await api.WithDbAsync(db => db.Subscriptions.Where(s => s.StoreTransactionId == token).Select(s => s.LearnerId).SingleAsync());
        results.Where(r => r.Id == owner).Should().OnlyContain(r => !r.SeenBefore);
        results.Where(r => r.Id != owner).Should().OnlyContain(r => r.SeenBefore);
    }

    [Fact]
    public async Task The_same_purchase_token_from_a_second_learner_is_seen_before_and_grants_nothing()
    {
        var owner = await api.NewLearnerAsync();
        var other = await api.NewLearnerAsync();
        var token = NewToken();
        Play.SetSubscription(token, FakePlaySubscription.ActiveFor(Product, api.Clock.GetUtcNow()));
        (await PurchaseAsync(owner, token)).StatusCode.Should().Be(HttpStatusCode.OK);

        var response = await PurchaseAsync(other, token);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await JsonAsync(response);
        body.GetProperty("seenBefore").GetBoolean().Should().BeTrue();
        body.GetProperty("entitled").GetBoolean().Should().BeFalse();
        body.GetProperty("subscription").ValueKind.Should().Be(JsonValueKind.Null);
        (await SubscriptionOfAsync(other)).GetProperty("entitled").GetBoolean().Should().BeFalse();
        (await SubscriptionOfAsync(owner)).GetProperty("entitled").GetBoolean().Should().BeTrue();
        Play.AcknowledgeCalls(token).Should().Be(1);
    }

    [Fact]
    public async Task A_new_token_linked_to_an_owned_one_stays_with_its_owner_and_the_old_token_moves_nothing()
    {
        var owner = await api.NewLearnerAsync();
        var other = await api.NewLearnerAsync();
        var oldToken = NewToken();
        Play.SetSubscription(oldToken, FakePlaySubscription.ActiveFor(Product, api.Clock.GetUtcNow()));
        (await PurchaseAsync(owner, oldToken)).StatusCode.Should().Be(HttpStatusCode.OK);

        // A resubscribe (or plan change) in Play: a new token linked to the old one, which ends.
        api.Clock.Advance(TimeSpan.FromHours(1));
        var newToken = NewToken();
        Play.SetSubscription(newToken, FakePlaySubscription.ActiveFor(Product, api.Clock.GetUtcNow(), linkedPurchaseToken: oldToken));
        Play.SetSubscription(oldToken, Play.Subscription(oldToken)! with { State = FakePlaySubscription.Expired, ExpiryTime = api.Clock.GetUtcNow() });
        var stolen = await PurchaseAsync(other, newToken);
        var renewed = await PurchaseAsync(owner, newToken);

        (await JsonAsync(stolen)).GetProperty("seenBefore").GetBoolean().Should().BeTrue("the chain belongs to the learner who presented its first token");
        (await JsonAsync(renewed)).GetProperty("seenBefore").GetBoolean().Should().BeFalse();
        (await RowsAsync(oldToken)).Should().Be(1);
        (await RowsAsync(newToken)).Should().Be(0, "the new token is the same subscription, under the chain's first token");
        Play.AcknowledgeCalls(newToken).Should().Be(1);

        // Play's late word on the replaced token (EXPIRED) is history: the subscription follows the new token.
        api.Clock.Advance(TimeSpan.FromMinutes(5));
        var push = await PushAsync(Play.PushBody(Play.SubscriptionNotification(oldToken, 13)), Play.SignPushToken());
        push.StatusCode.Should().Be(HttpStatusCode.OK);
        var subscription = await SubscriptionOfAsync(owner);
        subscription.GetProperty("entitled").GetBoolean().Should().BeTrue();
        subscription.GetProperty("subscription").GetProperty("status").GetString().Should().Be("ACTIVE");
        (await SubscriptionOfAsync(other)).GetProperty("entitled").GetBoolean().Should().BeFalse();
    }

    public static TheoryData<string> BadPushes => ["none", "foreign key", "audience", "email", "unverified email", "issuer"];

    [Theory]
    [MemberData(nameof(BadPushes))]
    public async Task A_push_without_Google_s_token_for_our_audience_and_account_is_401_and_nothing_is_stored(string wrong)
    {
        var (learner, token) = await BoughtAsync();
        Play.SetSubscription(token, Play.Subscription(token)! with { State = FakePlaySubscription.Expired });
        var reads = Play.Requests.Count(r => r.PurchaseToken == token);
        var messageId = "m-" + Guid.NewGuid().ToString("N");
        var bearer = wrong switch
        {
            "none" => null,
            "foreign key" => Play.SignPushToken(foreignKey: true),
            "audience" => Play.SignPushToken(audience: "https://elsewhere.example.test/push"),
            "email" => Play.SignPushToken(email: "intruder@evil-project.iam.gserviceaccount.com"),
            "unverified email" => Play.SignPushToken(emailVerified: false),
            "issuer" => Play.SignPushToken(issuer: "https://attacker.example.test"),
            _ => throw new ArgumentOutOfRangeException(nameof(wrong)),
        };

        api.Clock.Advance(TimeSpan.FromMinutes(1));
        var response = await PushAsync(Play.PushBody(Play.SubscriptionNotification(token, 13), messageId), bearer);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await JsonAsync(response)).GetProperty("code").GetString().Should().Be("billing.notification_unverified");
        (await api.WithDbAsync(db => db.StoreNotifications.CountAsync(n => n.NotificationId == messageId))).Should().Be(0);
        Play.Requests.Count(r => r.PurchaseToken == token).Should().Be(reads, "an unauthenticated push does not even cost an API read");
        (await SubscriptionOfAsync(learner)).GetProperty("subscription").GetProperty("status").GetString().Should().Be("ACTIVE");
    }

    [Fact]
    public async Task A_malformed_push_from_Pub_Sub_is_400_and_nothing_is_stored()
    {
        var response = await PushAsync("""{"message": {"messageId": "x-1", "data": "bm90IGpzb24="}}""", Play.SignPushToken());

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await JsonAsync(response)).GetProperty("code").GetString().Should().Be("billing.receipt_malformed");
        (await api.WithDbAsync(db => db.StoreNotifications.CountAsync(n => n.NotificationId == "x-1"))).Should().Be(0);
    }

    [Fact]
    public async Task Notifications_out_of_order_end_at_what_the_API_says_and_a_replay_changes_nothing()
    {
        var (learner, token) = await BoughtAsync();

        // In Play: the learner cancels (RTDN 3), then the subscription runs out (RTDN 13). Pub/Sub delivers them the other way round.
        api.Clock.Advance(TimeSpan.FromDays(1));
        Play.SetSubscription(token, Play.Subscription(token)! with { State = FakePlaySubscription.Canceled, AutoRenewEnabled = false });
        var canceled = Play.PushBody(Play.SubscriptionNotification(token, 3), "m-cancel-" + token[5..21]);
        api.Clock.Advance(TimeSpan.FromDays(1));
        Play.SetSubscription(token, Play.Subscription(token)! with { State = FakePlaySubscription.Expired, ExpiryTime = api.Clock.GetUtcNow() });
        var expireId = "m-expire-" + token[5..21];
        var expired = Play.PushBody(Play.SubscriptionNotification(token, 13), expireId);

        api.Clock.Advance(TimeSpan.FromMinutes(1));
        (await PushAsync(expired, Play.SignPushToken())).StatusCode.Should().Be(HttpStatusCode.OK);
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        var late = await PushAsync(canceled, Play.SignPushToken());

        late.StatusCode.Should().Be(HttpStatusCode.OK);
        var subscription = await SubscriptionOfAsync(learner);
        subscription.GetProperty("entitled").GetBoolean().Should().BeFalse("the late CANCELED hint is re-read: Play says EXPIRED");
        subscription.GetProperty("subscription").GetProperty("status").GetString().Should().Be("EXPIRED");

        var changes = await ChangesAsync(token);
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        var replay = await PushAsync(expired, Play.SignPushToken());
        replay.StatusCode.Should().Be(HttpStatusCode.OK);
        (await JsonAsync(replay)).GetProperty("duplicate").GetBoolean().Should().BeTrue();
        (await ChangesAsync(token)).Should().Be(changes);
        (await api.WithDbAsync(db => db.StoreNotifications.CountAsync(n => n.NotificationId == expireId))).Should().Be(1);
    }

    [Fact]
    public async Task A_voided_purchase_found_by_the_poll_ends_the_entitlement()
    {
        var (learner, token) = await BoughtAsync();
        (await SubscriptionOfAsync(learner)).GetProperty("entitled").GetBoolean().Should().BeTrue();

        api.Clock.Advance(TimeSpan.FromHours(1));
        var orderId = "GPA." + Guid.NewGuid().ToString("N")[..16];
        Play.AddVoided(new FakeVoidedPurchase(token, orderId, api.Clock.GetUtcNow().AddHours(-1), api.Clock.GetUtcNow()));

        await DriveUntilAsync(async () => (await api.WithDbAsync(db =>
            db.Subscriptions.AsNoTracking().SingleAsync(s => s.StoreTransactionId == token))).Status == SubscriptionStatus.Refunded);

        var subscription = await SubscriptionOfAsync(learner);
        subscription.GetProperty("entitled").GetBoolean().Should().BeFalse();
        subscription.GetProperty("subscription").GetProperty("status").GetString().Should().Be("REFUNDED");
        (await api.WithDbAsync(db => db.StoreNotifications.CountAsync(n => n.NotificationId == "voided:" + orderId))).Should().Be(1);
    }

    [Fact]
    public async Task A_purchase_whose_acknowledge_failed_is_acknowledged_by_the_sweep_before_Play_refunds_it()
    {
        var learner = await api.NewLearnerAsync();
        var token = NewToken();
        Play.SetSubscription(token, FakePlaySubscription.ActiveFor(Product, api.Clock.GetUtcNow()));
        Play.FailNext(503, times: 3, method: "subscriptions.acknowledge"); // every try of the client's retry

        var response = await PurchaseAsync(learner, token);

        response.StatusCode.Should().Be(HttpStatusCode.OK, "the purchase is verified and entitles; only Play's acknowledge was down");
        (await SubscriptionOfAsync(learner)).GetProperty("entitled").GetBoolean().Should().BeTrue();
        Play.Requests.Where(r => r.Method == "subscriptions.acknowledge" && r.PurchaseToken == token).Select(r => r.AnsweredStatus)
            .Should().Equal(503, 503, 503);
        Play.Subscription(token)!.Acknowledged.Should().BeFalse();
        (await AcknowledgedAtAsync(token)).Should().BeNull("the failed call gave the claim back");

        // The app never calls again and no notification comes: the sweep acknowledges it.
        await DriveUntilAsync(() => Task.FromResult(Play.Subscription(token)!.Acknowledged));

        Play.AcknowledgeCalls(token).Should().Be(1, "the sweep's call, the first that reached Play's answer");
        var acknowledgedAt = await AcknowledgedAtAsync(token);
        acknowledgedAt.Should().NotBeNull();

        // A later sweep finds nothing to do.
        await DriveUntilAsync(() => Task.FromResult(LastSweep() is { LastFinishedAt: { } at } && at > acknowledgedAt!.Value.AddMinutes(1)));
        Play.AcknowledgeCalls(token).Should().Be(1, "an acknowledged purchase is not swept again");
    }

    private async Task<(Learner Learner, string Token)> BoughtAsync()
    {
        var learner = await api.NewLearnerAsync();
        var token = NewToken();
        Play.SetSubscription(token, FakePlaySubscription.ActiveFor(Product, api.Clock.GetUtcNow()));
        var response = await PurchaseAsync(learner, token);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (learner, token);
    }

    /// <summary>Moves the fake clock a minute at a time (the poll sleeps on it) until <paramref name="done"/>; bounded by 30 s of real time.</summary>
    private async Task DriveUntilAsync(Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The background job did not get there within 30 s.");
            }

            api.Clock.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(50);
        }
    }

    private static string NewToken() => "play-" + Guid.NewGuid().ToString("N") + "." + Guid.NewGuid().ToString("N");

    private static Task<HttpResponseMessage> PurchaseAsync(Learner learner, string token, string productId = Product) =>
        learner.Client.PostAsJsonAsync($"{ApiCalls.App}/billing/purchases", new { store = "google", productId, purchaseToken = token });

    private Task<HttpResponseMessage> PushAsync(string body, string? bearer)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Webhook) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (bearer is not null)
        {
            request.Headers.Authorization = new("Bearer", bearer);
        }

        return api.CreateClient().SendAsync(request);
    }

    private static async Task<JsonElement> SubscriptionOfAsync(Learner learner)
    {
        var response = await learner.Client.GetAsync($"{ApiCalls.App}/subscription");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await JsonAsync(response);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private Task<int> RowsAsync(string storeTransactionId) =>
        api.WithDbAsync(db => db.Subscriptions.CountAsync(s => s.Store == Store.Google && s.StoreTransactionId == storeTransactionId));

    private JobStatus? LastSweep() =>
        api.Services.GetRequiredService<JobMonitor>().Snapshot().SingleOrDefault(j => j.Name == "google-acknowledge-sweep");

    private Task<DateTimeOffset?> AcknowledgedAtAsync(string token) =>
        api.WithDbAsync(db => db.Database.SqlQuery<DateTimeOffset?>(
            $"SELECT acknowledged_at AS \"Value\" FROM google_purchase_tokens WHERE purchase_token = {token}").SingleAsync());

    private Task<int> TokenRowsAsync(string token) =>
        api.WithDbAsync(db => db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM google_purchase_tokens WHERE purchase_token = {token}").SingleAsync());

    private Task<int> ChangesAsync(string token) =>
        api.WithDbAsync(db => db.SubscriptionChanges.CountAsync(c =>
            db.Subscriptions.Any(s => s.Id == c.SubscriptionId && s.StoreTransactionId == token)));
}
