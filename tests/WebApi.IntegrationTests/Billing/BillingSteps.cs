using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LearningPlatform.TestSupport;

namespace LearningPlatform.WebApi.IntegrationTests.Billing;

/// <summary>The billing calls the tests make, spelled once.</summary>
internal static class BillingSteps
{
    public const string AppleWebhook = "/api/learning/billing/webhooks/apple";

    public static Task<HttpResponseMessage> PresentAppleAsync(this HttpClient learner, string signedTransaction) =>
        learner.PostAsJsonAsync($"{ApiCalls.App}/billing/purchases", new { store = "apple", signedTransaction });

    public static async Task<JsonElement> PresentAppleOkAsync(this HttpClient learner, string signedTransaction) =>
        await (await learner.PresentAppleAsync(signedTransaction)).OkJsonAsync();

    /// <summary>An App Store Server Notification v2 delivery: no token, the body <c>{signedPayload}</c>.</summary>
    public static Task<HttpResponseMessage> NotifyAppleAsync(this LearningApiFactory api, string signedPayload) =>
        api.CreateClient().PostAsJsonAsync(AppleWebhook, new { signedPayload });

    public static async Task<JsonElement> OkJsonAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> SubscriptionAsync(this HttpClient learner) =>
        await (await learner.GetAsync($"{ApiCalls.App}/subscription")).OkJsonAsync();

    public static Task<long> SubscriptionRowsAsync(this LearningApiFactory api, string originalTransactionId) =>
        api.Database.CountAsync($"select count(*) from subscriptions where store = 'Apple' and store_transaction_id = '{originalTransactionId}'");

    public static string NewTransactionId() => Random.Shared.NextInt64(100_000_000_000, 999_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
