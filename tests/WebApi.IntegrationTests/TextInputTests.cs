using System.Net;
using System.Text;
using System.Text.Json;
using LearningPlatform.TestSupport;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.WebApi.IntegrationTests;

/// <summary>
/// The one input rule for text (issue 9): a NUL or another control character in any text field of any route is a 400
/// with a code naming the field, never a 500, never a logged stack trace, and changes nothing.
/// </summary>
public class TextInputTests(LearningApiFactory api) : IClassFixture<LearningApiFactory>
{
    private const string Admin = "/api/learning/admin";

    /// <summary>What a client can put in a JSON string: NUL, another C0 control, DEL, a C1 control, an ANSI escape sequence.</summary>
    public static readonly string[] Poisons = ["\\u0000", "\\u0001", "\\u007f", "\\u0085", "\\u001b[31m"];

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task ShouldNameFieldAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, body);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("code").GetString().Should().Be("validation.failed", body);
        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue($"the error names {field}: {body}");
    }

    private static HttpRequestMessage WithKey(HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return request;
    }

    [Fact]
    public async Task Control_characters_in_every_text_field_of_every_route_are_refused_by_name_and_change_nothing()
    {
        var learner = await api.NewLearnerAsync();
        var admin = api.ClientWith((await api.Identity.AdminAsync()).AccessToken);
        var logged = api.Logs.Mark;
        var rewardId = Guid.NewGuid();

        foreach (var poison in Poisons)
        {
            // Learner: the device token and platform (body) and the token in the path.
            await ShouldNameFieldAsync(await learner.Client.PutAsync($"{ApiCalls.App}/devices",
                Json($$"""{"token":"fcm-token-{{poison}}-0123456789abcdef","platform":"ios"}""")), "token");
            await ShouldNameFieldAsync(await learner.Client.PutAsync($"{ApiCalls.App}/devices",
                Json($$"""{"token":"fcm-token-0123456789abcdef","platform":"ios{{poison}}"}""")), "platform");

            // Admin: a broadcast's four texts, the moderation reasons, the reward list's status filter.
            foreach (var field in new[] { "title", "body", "deeplink", "topic" })
            {
                var fields = new Dictionary<string, string> { ["title"] = "Hello", ["body"] = "World", ["deeplink"] = "learning://x", ["topic"] = "all" };
                fields[field] += poison;
                var json = "{" + string.Join(",", fields.Select(f => $"\"{f.Key}\":\"{f.Value}\"")) + "}";
                await ShouldNameFieldAsync(await admin.SendAsync(WithKey(HttpMethod.Post, $"{Admin}/notifications/broadcast", Json(json))), field);
            }

            foreach (var move in new[] { "reject", "cancel", "approve", "fulfill" })
            {
                await ShouldNameFieldAsync(await admin.PostAsync($"{Admin}/rewards/{rewardId}/{move}", Json($$"""{"reason":"no{{poison}}"}""")), "reason");
            }
        }

        // In a query and a path segment. (A NUL in the path never reaches the app: the server refuses the request line.)
        foreach (var control in new[] { "%00", "%01", "%1B", "%7F", "%C2%85" })
        {
            await ShouldNameFieldAsync(await admin.GetAsync($"{Admin}/rewards?status=REQUESTED{control}"), "status");
            if (control != "%00")
            {
                await ShouldNameFieldAsync(await learner.Client.DeleteAsync($"{ApiCalls.App}/devices/fcm-token-{control}-0123456789abcdef"), "token");
            }
        }

        // A lone surrogate is not text at all: the JSON reader refuses the body.
        await (await learner.Client.PutAsync($"{ApiCalls.App}/devices", Json("""{"token":"fcm-token-\ud800-0123456789abcdef","platform":"ios"}""")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "request.malformed");

        // A broadcast's body may hold line breaks and tabs; its title may not.
        (await admin.SendAsync(WithKey(HttpMethod.Post, $"{Admin}/notifications/broadcast",
            Json("""{"title":"Results","body":"Line one\nLine two\tend","topic":"all"}""")))).StatusCode.Should().Be(HttpStatusCode.Accepted);
        await ShouldNameFieldAsync(await admin.SendAsync(WithKey(HttpMethod.Post, $"{Admin}/notifications/broadcast",
            Json("""{"title":"Line one\nLine two","body":"x","topic":"all"}"""))), "title");

        // Nothing was stored by the refusals (the one broadcast above is the only row), nothing logged as an error.
        (await api.Database.CountAsync("SELECT count(*) FROM devices")).Should().Be(0);
        (await api.Database.CountAsync("SELECT count(*) FROM outbox_messages")).Should().Be(1);
        var since = api.Logs.Since(logged).ToList();
        since.Should().NotContain(e => e.Level >= LogLevel.Error);
        since.Should().NotContain(e => e.Text.Contains("   at "));
    }

    [Fact]
    public async Task A_coupon_file_line_with_control_characters_is_reported_by_number_and_not_stored()
    {
        var admin = api.ClientWith((await api.Identity.AdminAsync()).AccessToken);
        var campaign = await admin.CreateCouponCampaignAsync();
        var csv = new StringContent("code\nGOOD-CODE-0001\nBAD\u0000CODE\nGOOD-CODE-0002\n", Encoding.UTF8, "text/csv");

        var response = await admin.PostAsync($"{Admin}/coupon-campaigns/{campaign}/coupons", csv);

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        var report = JsonDocument.Parse(body).RootElement;
        report.GetProperty("imported").GetInt32().Should().Be(2);
        report.GetProperty("invalidLines").EnumerateArray().Select(l => l.GetInt32()).Should().Equal(3);
        (await api.Database.CountAsync($"SELECT count(*) FROM coupons WHERE campaign_id = '{campaign}'")).Should().Be(2);
    }
}

public class HeaderInputTests(LearningApiFactory api) : IClassFixture<LearningApiFactory>
{
    [Fact]
    public async Task A_header_value_that_is_not_printable_ASCII_is_a_coded_400_before_anything_reads_it()
    {
        var learner = await api.NewLearnerAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, $"{ApiCalls.App}/exams");
        request.Headers.TryAddWithoutValidation("X-Request-Id", "caf\u00e9-\u001b[31m");

        var response = await learner.Client.SendAsync(request);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "request.malformed");
        (await response.Content.ReadAsStringAsync()).Should().NotContain("caf", "the value is never echoed");
    }
}
