using System.Net;
using LearningPlatform.TestSupport;
using static LearningPlatform.TestSupport.ApplePayloads;

namespace LearningPlatform.WebApi.IntegrationTests.Billing;

/// <summary>
/// <c>POST /billing/purchases {store: apple}</c>: a StoreKit 2 transaction verified against the pinned root, the app and
/// the environment; anything forged is refused with a clear code and stores nothing; a receipt belongs to one learner.
/// </summary>
public class ApplePurchaseTests(AppleBillingApiFactory api) : IClassFixture<AppleBillingApiFactory>
{
    private DateTimeOffset Now => api.Clock.GetUtcNow();

    private string Signed(string originalId, Guid? learner = null, string environment = "Production", string bundleId = BundleId,
        AppleTestChain? chain = null) =>
        (chain ?? api.Apple).Sign(Transaction(originalId, Now.AddSeconds(-5), Now.AddDays(30), learner, environment: environment, bundleId: bundleId));

    [Fact]
    public async Task A_valid_signed_transaction_entitles_the_learner_to_premium_exams()
    {
        var learner = await api.NewLearnerAsync();
        var id = BillingSteps.NewTransactionId();
        var exam = await api.AddExamAsync(premium: true);
        await (await learner.Client.StartAsync(exam.Id, Guid.NewGuid().ToString())).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "subscription.required");

        var result = await learner.Client.PresentAppleOkAsync(Signed(id, learner.Id));

        result.GetProperty("seenBefore").GetBoolean().Should().BeFalse();
        result.GetProperty("entitled").GetBoolean().Should().BeTrue();
        result.GetProperty("subscription").GetProperty("status").GetString().Should().Be("ACTIVE");
        result.GetProperty("subscription").GetProperty("planCode").GetString().Should().Be("premium-monthly");
        var status = await learner.Client.SubscriptionAsync();
        status.GetProperty("entitled").GetBoolean().Should().BeTrue();
        status.GetProperty("entitlements").EnumerateArray().Select(e => e.GetString()).Should().Equal("premium");
        (await learner.Client.StartAsync(exam.Id, Guid.NewGuid().ToString())).StatusCode.Should().Be(HttpStatusCode.Created,
            "the entitlement cache was dropped when the purchase was recorded");
        (await api.SubscriptionRowsAsync(id)).Should().Be(1);
    }

    [Fact]
    public async Task Plans_name_each_stores_product_and_the_premium_entitlement()
    {
        var learner = await api.NewLearnerAsync();

        var plans = (await (await learner.Client.GetAsync($"{ApiCalls.App}/plans")).OkJsonAsync()).GetProperty("plans");

        var plan = plans.EnumerateArray().Single(p => p.GetProperty("code").GetString() == "premium-monthly");
        plan.GetProperty("entitlement").GetString().Should().Be("premium");
        plan.GetProperty("appleProductId").GetString().Should().Be(ProductId);
        plan.GetProperty("googleProductId").GetString().Should().Be("premium_monthly");
    }

    [Fact]
    public async Task A_learner_without_a_subscription_is_not_entitled()
    {
        var status = await (await api.NewLearnerAsync()).Client.SubscriptionAsync();

        status.GetProperty("entitled").GetBoolean().Should().BeFalse();
        status.GetProperty("entitlements").GetArrayLength().Should().Be(0);
        status.GetProperty("subscription").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }

    public static TheoryData<string, HttpStatusCode, string> Forgeries() => new()
    {
        { "tampered payload", HttpStatusCode.UnprocessableEntity, "billing.signature_invalid" },
        { "wrong root", HttpStatusCode.UnprocessableEntity, "billing.certificate_untrusted" },
        { "pinned root swapped into x5c", HttpStatusCode.UnprocessableEntity, "billing.certificate_untrusted" },
        { "expired chain", HttpStatusCode.UnprocessableEntity, "billing.certificate_untrusted" },
        { "leaf without the OID", HttpStatusCode.UnprocessableEntity, "billing.certificate_untrusted" },
        { "intermediate as leaf", HttpStatusCode.UnprocessableEntity, "billing.certificate_untrusted" },
        { "wrong bundle id", HttpStatusCode.UnprocessableEntity, "billing.wrong_app" },
        { "sandbox in production", HttpStatusCode.UnprocessableEntity, "billing.wrong_environment" },
        { "two-certificate x5c", HttpStatusCode.BadRequest, "billing.receipt_malformed" },
        { "alg HS256", HttpStatusCode.BadRequest, "billing.receipt_malformed" },
        { "not a JWS", HttpStatusCode.BadRequest, "billing.receipt_malformed" },
        { "unknown product", HttpStatusCode.UnprocessableEntity, "billing.unknown_product" },
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_forged_or_foreign_transaction_is_refused_with_a_clear_code_and_nothing_is_stored(
        string forgery, HttpStatusCode status, string code)
    {
        var learner = await api.NewLearnerAsync();
        var id = BillingSteps.NewTransactionId();
        var payload = Transaction(id, Now.AddSeconds(-5), Now.AddDays(30), learner.Id);
        using var stranger = AppleTestChain.Create(name: "Attacker");
        var expired = api.Apple.IssueLeaf(notAfter: Now.AddDays(-1));
        var noOid = api.Apple.IssueLeaf(leafOid: false);
        var jws = forgery switch
        {
            "tampered payload" => AppleTestChain.Tamper(api.Apple.Sign(payload),
                Transaction(id, Now.AddSeconds(-5), Now.AddYears(10), learner.Id)),
            "wrong root" => stranger.Sign(payload),
            "pinned root swapped into x5c" => stranger.WithX5c(stranger.Leaf, stranger.Intermediate, api.Apple.Root).Sign(payload),
            "expired chain" => expired.Sign(payload),
            "leaf without the OID" => noOid.Sign(payload),
            "intermediate as leaf" => api.Apple.WithX5c(api.Apple.Intermediate, api.Apple.Intermediate, api.Apple.Root).Sign(payload),
            "wrong bundle id" => Signed(id, learner.Id, bundleId: "com.someone.else"),
            "sandbox in production" => Signed(id, learner.Id, environment: "Sandbox"),
            "two-certificate x5c" => api.Apple.WithX5c(api.Apple.Leaf, api.Apple.Intermediate).Sign(payload),
            "alg HS256" => api.Apple.Sign(payload, alg: "HS256"),
            "not a JWS" => "not.a-jws",
            "unknown product" => api.Apple.Sign(Transaction(id, Now.AddSeconds(-5), Now.AddDays(30), learner.Id, productId: "com.other.product")),
            _ => throw new ArgumentOutOfRangeException(nameof(forgery)),
        };

        await (await learner.Client.PresentAppleAsync(jws)).ShouldBeProblemAsync(status, code);

        (await api.SubscriptionRowsAsync(id)).Should().Be(0);
        (await learner.Client.SubscriptionAsync()).GetProperty("entitled").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task The_same_receipt_from_two_learners_entitles_the_first_and_the_second_is_seen_before()
    {
        var first = await api.NewLearnerAsync();
        var second = await api.NewLearnerAsync();
        var id = BillingSteps.NewTransactionId();
        var receipt = Signed(id);

        var owner = await first.Client.PresentAppleOkAsync(receipt);
        var other = await second.Client.PresentAppleOkAsync(receipt);

        owner.GetProperty("seenBefore").GetBoolean().Should().BeFalse();
        owner.GetProperty("entitled").GetBoolean().Should().BeTrue();
        other.GetProperty("seenBefore").GetBoolean().Should().BeTrue();
        other.GetProperty("entitled").GetBoolean().Should().BeFalse();
        other.GetProperty("subscription").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null, "someone else's subscription is not shown");
        (await second.Client.SubscriptionAsync()).GetProperty("entitled").GetBoolean().Should().BeFalse();
        (await first.Client.PresentAppleOkAsync(receipt)).GetProperty("seenBefore").GetBoolean().Should().BeFalse("the owner restoring is not a replay");
        (await api.Database.CountAsync($"select count(*) from subscriptions where store_transaction_id = '{id}' and learner_id = '{first.Id}'"))
            .Should().Be(1);
    }

    [Fact]
    public async Task A_receipt_bound_to_a_learner_by_appAccountToken_is_theirs_even_when_another_presents_it_first()
    {
        var buyer = await api.NewLearnerAsync();
        var thief = await api.NewLearnerAsync();
        var id = BillingSteps.NewTransactionId();
        var receipt = Signed(id, buyer.Id);

        (await thief.Client.PresentAppleOkAsync(receipt)).GetProperty("seenBefore").GetBoolean().Should().BeTrue();

        (await buyer.Client.PresentAppleOkAsync(receipt)).GetProperty("entitled").GetBoolean().Should().BeTrue();
        (await thief.Client.SubscriptionAsync()).GetProperty("entitled").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task Twenty_concurrent_submissions_of_one_receipt_make_one_subscription_row()
    {
        var learner = await api.NewLearnerAsync();
        var id = BillingSteps.NewTransactionId();
        var receipt = Signed(id, learner.Id);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => learner.Client.PresentAppleAsync(receipt)));

        responses.Select(r => r.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.OK);
        (await api.SubscriptionRowsAsync(id)).Should().Be(1);
        (await api.Database.CountAsync(
            $"select count(*) from subscription_changes c join subscriptions s on s.id = c.subscription_id where s.store_transaction_id = '{id}'"))
            .Should().Be(1, "the purchase moved the subscription once");
        (await learner.Client.SubscriptionAsync()).GetProperty("entitled").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Under_the_transfer_rule_a_restore_on_a_new_account_moves_the_subscription_to_it()
    {
        using var transferring = api.AnotherInstance([.. api.AppleSettings, new("Billing:TransferRule", "ToPresenter")]);
        var first = await api.NewLearnerAsync();
        var second = await api.NewLearnerAsync();
        var id = BillingSteps.NewTransactionId();
        var receipt = Signed(id);
        await first.Client.PresentAppleOkAsync(receipt);

        var restore = transferring.CreateClient();
        restore.DefaultRequestHeaders.Authorization = second.Client.DefaultRequestHeaders.Authorization;
        var moved = await restore.PresentAppleOkAsync(receipt);

        moved.GetProperty("entitled").GetBoolean().Should().BeTrue();
        (await api.Database.CountAsync($"select count(*) from subscriptions where store_transaction_id = '{id}' and learner_id = '{second.Id}'"))
            .Should().Be(1);
        (await first.Client.SubscriptionAsync()).GetProperty("entitled").GetBoolean().Should().BeFalse();
        (await api.Database.CountAsync(
            $"select count(*) from subscription_changes c join subscriptions s on s.id = c.subscription_id where s.store_transaction_id = '{id}' and c.event_type = 'OWNERSHIP_TRANSFER'"))
            .Should().Be(1);
    }
}
