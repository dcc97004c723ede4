using System.Net;
using System.Text.Json;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.Media;
using LearningPlatform.Domain.Common;
using LearningPlatform.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LearningPlatform.WebApi.IntegrationTests.Media;

/// <summary>Admin media uploads in three steps against the real s3rver, PostgreSQL and Redis.</summary>
public class MediaUploadTests(LearningApiFactory api) : IClassFixture<LearningApiFactory>
{
    private async Task<HttpClient> AdminAsync() => api.ClientWith((await api.Identity.AdminAsync()).AccessToken);

    private IObjectStorage Storage => api.Services.GetRequiredService<IObjectStorage>();

    private async Task<string> StatusInDbAsync(JsonElement ticket) =>
        (await api.WithDbAsync(db => Task.FromResult(db.MediaUploads.Single(u => u.Id == ticket.GetProperty("id").GetGuid()).Status))).ToUpperSnake();

    public static TheoryData<string, string> GoodFiles => new() { { "image/png", "png" }, { "application/pdf", "pdf" }, { "video/mp4", "mp4" } };

    private static byte[] FileOf(string name) => name switch { "png" => MediaFiles.Png(), "pdf" => MediaFiles.Pdf(), _ => MediaFiles.Mp4() };

    [Fact]
    public async Task The_admin_apps_origin_may_put_to_an_upload_url_from_the_browser_and_another_origin_may_not()
    {
        var admin = await AdminAsync();
        var ticket = await admin.RequestAsync("image/png", MediaFiles.Png().Length, "cover.png");
        var url = ticket.GetProperty("uploadUrl").GetString()!;

        async Task<HttpResponseMessage> PreflightAsync(string origin)
        {
            using var http = new HttpClient();
            var preflight = new HttpRequestMessage(HttpMethod.Options, url);
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "PUT");
            preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
            return await http.SendAsync(preflight);
        }

        var allowed = await PreflightAsync(TestEnvironment.AdminOrigin);
        allowed.StatusCode.Should().Be(HttpStatusCode.OK, await allowed.Content.ReadAsStringAsync());
        // S3 echoes the origin; s3rver answers a matched preflight with '*'. Either lets the browser send the PUT.
        allowed.Headers.GetValues("Access-Control-Allow-Origin").Single().Should().BeOneOf(TestEnvironment.AdminOrigin, "*");
        allowed.Headers.GetValues("Access-Control-Allow-Methods").Single().Should().Contain("PUT");
        (await PreflightAsync("http://127.0.0.1:6666")).IsSuccessStatusCode.Should().BeFalse("only the configured origin may upload");
    }

    [Theory]
    [MemberData(nameof(GoodFiles))]
    public async Task A_file_of_the_declared_type_and_size_completes_and_is_served_from_its_media_key(string contentType, string name)
    {
        var admin = await AdminAsync();
        var bytes = FileOf(name);

        var ticket = await admin.RequestAsync(contentType, bytes.Length, $"lesson.{name}");
        ticket.GetProperty("method").GetString().Should().Be("PUT");
        ticket.GetProperty("key").GetString().Should().StartWith("uploads/");
        ticket.GetProperty("headers").GetProperty("Content-Type").GetString().Should().Be(contentType);
        ticket.GetProperty("headers").GetProperty("Content-Length").GetString().Should().Be(bytes.Length.ToString());
        ticket.GetProperty("expiresAt").GetDateTimeOffset().Should().Be(api.Clock.GetUtcNow() + TimeSpan.FromMinutes(15));
        await MediaFiles.UploadOkAsync(ticket, bytes);

        var completed = await admin.CompleteAsync(ticket);
        var body = JsonDocument.Parse(await completed.Content.ReadAsStringAsync()).RootElement;
        completed.StatusCode.Should().Be(HttpStatusCode.OK, body.ToString());
        body.GetProperty("status").GetString().Should().Be("COMPLETED");
        var mediaKey = body.GetProperty("mediaKey").GetString()!;
        mediaKey.Should().StartWith("media/").And.EndWith(name == "png" ? ".png" : name == "pdf" ? ".pdf" : ".mp4");
        (await Storage.HeadAsync(ticket.GetProperty("key").GetString()!)).Should().BeNull("the upload's copy under uploads/ is removed");

        // What a lesson will do: the upload must be COMPLETED, then a short-lived URL for its object.
        await using var scope = api.Services.CreateAsyncScope();
        var media = await scope.ServiceProvider.GetRequiredService<GetCompletedMedia>().HandleAsync(ticket.GetProperty("id").GetGuid(), CancellationToken.None);
        media.Should().Be(new CompletedMedia(ticket.GetProperty("id").GetGuid(), mediaKey, contentType, bytes.Length));
        var download = await scope.ServiceProvider.GetRequiredService<PresignMediaDownload>().HandleAsync(media, CancellationToken.None);
        download.ExpiresAt.Should().Be(api.Clock.GetUtcNow() + TimeSpan.FromMinutes(5));
        var served = await MediaFiles.DownloadAsync(download.Url);
        served.Content.Headers.ContentType!.MediaType.Should().Be(contentType);
        (await served.Content.ReadAsByteArrayAsync()).Should().Equal(bytes);

        var again = await admin.CompleteAsync(ticket);
        again.StatusCode.Should().Be(HttpStatusCode.OK, "completing twice answers the completed upload");
        var shown = await admin.SendOkAsync(HttpMethod.Get, $"{MediaFiles.Uploads}/{ticket.GetProperty("id").GetGuid()}");
        shown.GetProperty("status").GetString().Should().Be("COMPLETED");
        shown.GetProperty("fileName").GetString().Should().Be($"lesson.{name}");
        shown.GetProperty("size").GetInt64().Should().Be(bytes.Length);
    }

    [Fact]
    public async Task Bytes_that_are_not_the_declared_type_are_deleted_and_the_upload_fails_with_422()
    {
        var admin = await AdminAsync();
        var gif = MediaFiles.Gif();
        var ticket = await admin.RequestAsync("image/png", gif.Length);
        await MediaFiles.UploadOkAsync(ticket, gif);

        await (await admin.CompleteAsync(ticket)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "media.content_mismatch");

        (await Storage.HeadAsync(ticket.GetProperty("key").GetString()!)).Should().BeNull("the object is deleted");
        (await StatusInDbAsync(ticket)).Should().Be("FAILED");
        var shown = await admin.SendOkAsync(HttpMethod.Get, $"{MediaFiles.Uploads}/{ticket.GetProperty("id").GetGuid()}");
        shown.GetProperty("failureCode").GetString().Should().Be("media.content_mismatch");
        shown.GetProperty("mediaKey").ValueKind.Should().Be(JsonValueKind.Null);
        await (await admin.CompleteAsync(ticket)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "media.not_pending");
    }

    [Theory]
    [InlineData(1, "media.too_large")]
    [InlineData(-1, "media.size_mismatch")]
    public async Task More_or_fewer_bytes_than_declared_are_deleted_and_the_upload_fails_with_422(int extra, string code)
    {
        var admin = await AdminAsync();
        var png = MediaFiles.Png(4096 + extra);
        var ticket = await admin.RequestAsync("image/png", 4096);
        // s3rver does not check the signed Content-Length; S3 and MinIO would refuse this PUT itself.
        await MediaFiles.UploadOkAsync(ticket, png);

        await (await admin.CompleteAsync(ticket)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, code);

        (await Storage.HeadAsync(ticket.GetProperty("key").GetString()!)).Should().BeNull();
        (await StatusInDbAsync(ticket)).Should().Be("FAILED");
    }

    [Fact]
    public async Task An_object_stored_with_another_content_type_fails_with_422()
    {
        var admin = await AdminAsync();
        var png = MediaFiles.Png();
        var ticket = await admin.RequestAsync("image/png", png.Length);
        await MediaFiles.UploadOkAsync(ticket, png, contentType: "image/jpeg");

        await (await admin.CompleteAsync(ticket)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "media.type_mismatch");
        (await Storage.HeadAsync(ticket.GetProperty("key").GetString()!)).Should().BeNull();
    }

    [Fact]
    public async Task Completing_before_the_upload_is_409_and_the_upload_stays_pending_until_the_bytes_arrive()
    {
        var admin = await AdminAsync();
        var pdf = MediaFiles.Pdf();
        var ticket = await admin.RequestAsync("application/pdf", pdf.Length);

        await (await admin.CompleteAsync(ticket)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "media.not_uploaded");
        (await StatusInDbAsync(ticket)).Should().Be("PENDING");
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var notYet = () => scope.ServiceProvider.GetRequiredService<GetCompletedMedia>().HandleAsync(ticket.GetProperty("id").GetGuid(), CancellationToken.None);
            (await notYet.Should().ThrowAsync<DomainException>()).Which.Code.Should().Be("media.not_completed");
        }

        await MediaFiles.UploadOkAsync(ticket, pdf);
        (await admin.CompleteAsync(ticket)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("image/gif", 100L, "contentType")]
    [InlineData(null, 100L, "contentType")]
    [InlineData("image/png", 10L * 1024 * 1024 + 1, "size")]
    [InlineData("application/pdf", 0L, "size")]
    [InlineData("video/mp4", 2L * 1024 * 1024 * 1024 + 1, "size")]
    public async Task An_unknown_type_or_a_size_outside_the_types_limit_is_400_with_the_field(string? contentType, long size, string field)
    {
        var admin = await AdminAsync();

        var response = await admin.SendAsync(HttpMethod.Post, MediaFiles.Uploads, new { contentType, size });

        var body = await response.Content.ReadAsStringAsync();
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        JsonDocument.Parse(body).RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().Equal(field);
    }

    [Fact]
    public async Task An_unknown_upload_is_404()
    {
        var admin = await AdminAsync();
        var unknown = Guid.NewGuid();

        await (await admin.SendAsync(HttpMethod.Get, $"{MediaFiles.Uploads}/{unknown}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "media.not_found");
        await (await admin.SendAsync(HttpMethod.Post, $"{MediaFiles.Uploads}/{unknown}/complete")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "media.not_found");
    }

    [Fact]
    public async Task A_learner_cannot_upload_media()
    {
        var learner = await api.NewLearnerAsync();

        await (await learner.Client.SendAsync(HttpMethod.Post, MediaFiles.Uploads, new { contentType = "image/png", size = 10 }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
    }

    [Fact]
    public async Task Requests_completions_and_failures_are_in_the_audit_log_with_the_admin()
    {
        var tokens = await api.Identity.AdminAsync();
        var admin = api.ClientWith(tokens.AccessToken);
        var png = MediaFiles.Png();
        var good = await admin.RequestAsync("image/png", png.Length);
        await MediaFiles.UploadOkAsync(good, png);
        (await admin.CompleteAsync(good)).StatusCode.Should().Be(HttpStatusCode.OK);
        var bad = await admin.RequestAsync("image/png", png.Length);
        await MediaFiles.UploadOkAsync(bad, MediaFiles.Gif(png.Length));
        (await admin.CompleteAsync(bad)).StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);

        var goodLog = (await admin.SendOkAsync(HttpMethod.Get, $"/audit?entity=MEDIA_UPLOAD&id={good.GetProperty("id").GetGuid()}"))
            .GetProperty("entries").EnumerateArray().ToList();
        goodLog.Select(e => e.GetProperty("action").GetString()).Should().Equal("completed", "requested");
        goodLog.Should().OnlyContain(e => e.GetProperty("actorId").GetGuid() == Guid.Parse(tokens.Subject));
        goodLog[0].GetProperty("details").GetProperty("mediaKey").GetString().Should().StartWith("media/");
        goodLog[1].GetProperty("details").GetProperty("size").GetInt64().Should().Be(png.Length);

        var badLog = (await admin.SendOkAsync(HttpMethod.Get, $"/audit?entity=MEDIA_UPLOAD&id={bad.GetProperty("id").GetGuid()}"))
            .GetProperty("entries").EnumerateArray().ToList();
        badLog[0].GetProperty("action").GetString().Should().Be("failed");
        badLog[0].GetProperty("details").GetProperty("code").GetString().Should().Be("media.content_mismatch");
    }

    [Fact]
    public async Task Readiness_reports_the_object_store_and_an_unreachable_one_degrades_the_instance()
    {
        var report = await api.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Tags.Contains("ready"));
        report.Entries["s3"].Status.Should().Be(HealthStatus.Healthy, report.Entries["s3"].Description);
        (await api.CreateClient().GetStringAsync("/health/ready")).Should().Be("Healthy");

        await using var away = api.AnotherInstance(new KeyValuePair<string, string>("S3:ServiceUrl", $"http://127.0.0.1:{TestEnvironment.FreePort()}"));
        var degraded = await away.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Tags.Contains("ready"));
        degraded.Entries["s3"].Status.Should().Be(HealthStatus.Degraded);
        degraded.Entries["s3"].Description.Should().Contain(api.Bucket);
        var ready = await away.CreateClient().GetAsync("/health/ready");
        ready.StatusCode.Should().Be(HttpStatusCode.OK, "media uploads failing does not take the instance out of service");
        (await ready.Content.ReadAsStringAsync()).Should().Be("Degraded");
    }
}
