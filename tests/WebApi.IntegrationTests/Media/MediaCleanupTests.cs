using System.Net;
using System.Text.Json;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Media;
using LearningPlatform.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace LearningPlatform.WebApi.IntegrationTests.Media;

/// <summary>Upload URLs of a minute, a minute's grace, the cleanup every minute of the fake clock.</summary>
public sealed class MediaCleanupApiFactory : LearningApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Media:UploadUrlLifetime", "00:01:00"),
        new("Media:CleanupGrace", "00:01:00"),
        new("Media:CleanupInterval", "00:01:00"),
    ];
}

public class MediaCleanupTests(MediaCleanupApiFactory api) : IClassFixture<MediaCleanupApiFactory>
{
    [Fact]
    public async Task Uploads_never_completed_expire_after_their_url_and_grace_and_their_objects_are_deleted()
    {
        var admin = api.ClientWith((await api.Identity.AdminAsync()).AccessToken);
        var storage = api.Services.GetRequiredService<IObjectStorage>();
        var png = MediaFiles.Png();
        var abandoned = await admin.RequestAsync("image/png", png.Length);
        await MediaFiles.UploadOkAsync(abandoned, png);                      // uploaded, never completed
        var neverUploaded = await admin.RequestAsync("application/pdf", 100);
        var completed = await admin.RequestAsync("image/png", png.Length);
        await MediaFiles.UploadOkAsync(completed, png);
        (await admin.CompleteAsync(completed)).StatusCode.Should().Be(HttpStatusCode.OK);

        // Not yet: the URL expires after a minute, then a minute's grace.
        api.Clock.Advance(TimeSpan.FromSeconds(90));
        await WaitForCleanupRunAsync(admin);
        (await StatusAsync(abandoned)).Should().Be(MediaUploadStatus.Pending);

        api.Clock.Advance(TimeSpan.FromSeconds(60));
        await RedisServerProcess.WaitUntilAsync(async () => await StatusAsync(abandoned) == MediaUploadStatus.Expired,
            TimeSpan.FromSeconds(20), "the cleanup to expire the abandoned upload");

        (await StatusAsync(neverUploaded)).Should().Be(MediaUploadStatus.Expired);
        (await storage.HeadAsync(abandoned.GetProperty("key").GetString()!)).Should().BeNull("its object is deleted");
        (await StatusAsync(completed)).Should().Be(MediaUploadStatus.Completed);
        var mediaKey = (await admin.SendOkAsync(HttpMethod.Get, $"{MediaFiles.Uploads}/{completed.GetProperty("id").GetGuid()}"))
            .GetProperty("mediaKey").GetString()!;
        (await storage.HeadAsync(mediaKey)).Should().NotBeNull("completed media is never cleaned up");
        await (await admin.CompleteAsync(abandoned)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "media.not_pending");

        var job = await WaitForCleanupRunAsync(admin);
        job.GetProperty("schedule").GetString().Should().Be("every 00:01:00");
        job.GetProperty("lastCount").GetInt32().Should().Be(2);
    }

    private Task<MediaUploadStatus> StatusAsync(JsonElement ticket) =>
        api.WithDbAsync(db => Task.FromResult(db.MediaUploads.Single(u => u.Id == ticket.GetProperty("id").GetGuid()).Status));

    /// <summary>Waits until the job's status shows a run finished at (or after) the fake clock's current time.</summary>
    private async Task<JsonElement> WaitForCleanupRunAsync(HttpClient admin)
    {
        JsonElement job = default;
        var now = api.Clock.GetUtcNow();
        await RedisServerProcess.WaitUntilAsync(async () =>
        {
            var jobs = await admin.SendOkAsync(HttpMethod.Get, "/jobs");
            job = jobs.GetProperty("jobs").EnumerateArray().SingleOrDefault(j => j.GetProperty("name").GetString() == "media-cleanup");
            return job.ValueKind == JsonValueKind.Object
                && job.GetProperty("lastOutcome").GetString() == "SUCCEEDED"
                && job.GetProperty("lastFinishedAt").ValueKind == JsonValueKind.String
                && job.GetProperty("lastFinishedAt").GetDateTimeOffset() >= now
                && job.GetProperty("nextRunAt").ValueKind != JsonValueKind.Null;
        }, TimeSpan.FromSeconds(20), "the media cleanup to run");
        return job;
    }
}
