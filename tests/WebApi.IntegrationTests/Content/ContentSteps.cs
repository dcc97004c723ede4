using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LearningPlatform.TestSupport;
using LearningPlatform.WebApi.IntegrationTests.Media;

namespace LearningPlatform.WebApi.IntegrationTests.Content;

/// <summary>The content calls the tests make, spelled once.</summary>
internal static class ContentSteps
{
    /// <summary>A video lesson pointing at <paramref name="key"/>: a completed upload's <c>mediaKey</c> (<see cref="UploadedMp4KeyAsync"/>).</summary>
    public static Dictionary<string, object?> Video(string key, string title = "A video", bool premium = false) => new()
    {
        ["title"] = title,
        ["kind"] = "VIDEO",
        ["mediaKey"] = key,
        ["mediaContentType"] = "video/mp4",
        ["durationSeconds"] = 600,
        ["premium"] = premium,
    };

    public static Dictionary<string, object?> Article(string title = "An article", bool premium = false) => new()
    {
        ["title"] = title,
        ["kind"] = "ARTICLE",
        ["body"] = "Read me.",
        ["premium"] = premium,
    };

    /// <summary>An MP4 uploaded and completed through the admin API: the only kind of key a lesson may point at.</summary>
    public static async Task<string> UploadedMp4KeyAsync(this HttpClient admin)
    {
        var bytes = Media.MediaFiles.Mp4();
        var ticket = await admin.RequestAsync("video/mp4", bytes.Length);
        await Media.MediaFiles.UploadOkAsync(ticket, bytes);
        var completed = await admin.CompleteAsync(ticket);
        var body = JsonDocument.Parse(await completed.Content.ReadAsStringAsync()).RootElement;
        completed.StatusCode.Should().Be(HttpStatusCode.OK, body.ToString());
        return body.GetProperty("mediaKey").GetString()!;
    }

    public static async Task<Guid> CreateCourseAsync(this HttpClient admin, string title, bool publish = true)
    {
        var id = (await admin.SendOkAsync(HttpMethod.Post, "/courses", new { title, summary = $"About {title}" }, HttpStatusCode.Created))
            .GetProperty("id").GetGuid();
        if (publish)
        {
            await admin.SendOkAsync(HttpMethod.Post, $"/courses/{id}/publish");
        }

        return id;
    }

    public static async Task<Guid> CreateLessonAsync(this HttpClient admin, Guid courseId, object body, bool publish = true)
    {
        var id = (await admin.SendOkAsync(HttpMethod.Post, $"/courses/{courseId}/lessons", body, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        if (publish)
        {
            await admin.SendOkAsync(HttpMethod.Post, $"/lessons/{id}/publish");
        }

        return id;
    }

    public static Task<HttpResponseMessage> ReportAsync(this HttpClient learner, Guid lessonId, int percent, int position, bool? completed = null) =>
        learner.PutAsJsonAsync($"{ApiCalls.App}/lessons/{lessonId}/progress", new { percent, position, completed });

    /// <summary>GET on the app API, optionally with If-None-Match.</summary>
    public static Task<HttpResponseMessage> GetAppAsync(this HttpClient learner, string path, string? ifNoneMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"{ApiCalls.App}{path}");
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return learner.SendAsync(request);
    }

    public static async Task<JsonElement> GetAppOkAsync(this HttpClient learner, string path)
    {
        var response = await learner.GetAppAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, $"GET {path}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static IEnumerable<Guid> Ids(this JsonElement array) => array.EnumerateArray().Select(e => e.GetProperty("id").GetGuid());
}
