using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;

namespace LearningPlatform.TestSupport;

/// <summary>The admin API's authoring calls, spelled once for the WebApi and end-to-end tests.</summary>
public static class AdminCalls
{
    public const string Admin = "/api/learning/admin";

    public static async Task<JsonElement> SendOkAsync(this HttpClient admin, HttpMethod method, string path, object? body = null,
        HttpStatusCode expected = HttpStatusCode.OK)
    {
        var request = new HttpRequestMessage(method, $"{Admin}{path}");
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: ApiCalls.Json);
        }

        var response = await admin.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, $"{method} {path}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<HttpResponseMessage> SendAsync(this HttpClient admin, HttpMethod method, string path, object? body = null) =>
        admin.SendAsync(new HttpRequestMessage(method, $"{Admin}{path}")
        {
            Content = body is null ? null : JsonContent.Create(body, options: ApiCalls.Json),
        });

    /// <summary>A new, empty coupon campaign (stock is imported into a campaign that exists).</summary>
    public static async Task<Guid> CreateCouponCampaignAsync(this HttpClient admin, string? name = null) =>
        (await admin.SendOkAsync(HttpMethod.Post, "/coupon-campaigns", new { name = name ?? $"Campaign {Guid.NewGuid():N}" }, HttpStatusCode.Created))
            .GetProperty("id").GetGuid();

    public static async Task<Guid> CreateCategoryAsync(this HttpClient admin, string name) =>
        (await admin.SendOkAsync(HttpMethod.Post, "/categories", new { name }, HttpStatusCode.Created)).GetProperty("id").GetGuid();

    /// <summary>A READY question with choices "right" (correct), "wrong" and "other", worth <paramref name="points"/>.</summary>
    public static async Task<Guid> CreateQuestionAsync(this HttpClient admin, Guid categoryId, string stem, int points = 10, string[]? tags = null) =>
        (await admin.SendOkAsync(HttpMethod.Post, "/questions", new
        {
            categoryId,
            stem,
            points,
            tags = tags ?? [],
            choices = new[] { new { text = "right", correct = true }, new { text = "wrong", correct = false }, new { text = "other", correct = false } },
        }, HttpStatusCode.Created)).GetProperty("id").GetGuid();

    /// <summary>An exam definition body: open in <paramref name="opensIn"/> for two hours, 10 minutes per attempt.</summary>
    public static Dictionary<string, object?> ExamBody(DateTimeOffset now, TimeSpan opensIn, object[] items, string mode = "CONTEST") => new()
    {
        ["title"] = "Authored exam",
        ["description"] = "Written through the admin API",
        ["mode"] = mode,
        ["opensAt"] = now + opensIn,
        ["closesAt"] = now + opensIn + TimeSpan.FromHours(2),
        ["durationSeconds"] = 600,
        ["items"] = items,
    };
}
