using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using FluentAssertions;

namespace LearningPlatform.TestSupport;

public sealed record StartedAttempt(Guid AttemptId, string AttemptToken, DateTimeOffset ExpiresAt, bool Resumed, List<QuestionView> Questions);

public sealed record QuestionView(Guid Id, int Number, string Text, int Points, List<ChoiceView> Choices);

public sealed record ChoiceView(Guid Id, string Text);

/// <summary>The mobile app's calls, spelled once for all tests.</summary>
public static class ApiCalls
{
    public const string App = "/api/learning/app";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static Task<HttpResponseMessage> StartAsync(this HttpClient client, Guid examId, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{App}/exams/{examId}/attempts");
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    public static async Task<StartedAttempt> StartOkAsync(this HttpClient client, Guid examId)
    {
        var response = await client.StartAsync(examId, Guid.NewGuid().ToString());
        response.StatusCode.Should().BeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<StartedAttempt>(Json))!;
    }

    public static Task<HttpResponseMessage> AnswerAsync(
        this HttpClient client, Guid attemptId, string? token, Guid questionId, Guid choiceId, long elapsedMs) =>
        client.AnswerRawAsync(attemptId, token, JsonSerializer.Serialize(new { questionId, choiceId, elapsedMs }));

    public static Task<HttpResponseMessage> AnswerRawAsync(this HttpClient client, Guid attemptId, string? token, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{App}/attempts/{attemptId}/responses")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Add("X-Attempt-Token", token);
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> CompleteAsync(this HttpClient client, Guid attemptId, string? token, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{App}/attempts/{attemptId}/complete");
        if (token is not null)
        {
            request.Headers.Add("X-Attempt-Token", token);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    /// <summary>Reads a ProblemDetails body and returns its stable <c>code</c>.</summary>
    public static async Task<string?> ProblemCodeAsync(this HttpResponseMessage response)
    {
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
    }

    public static async Task ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, body);
        (await response.ProblemCodeAsync()).Should().Be(code, body);
    }
}
