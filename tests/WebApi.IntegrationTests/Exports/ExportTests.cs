using System.Net;
using System.Text.Json;
using LearningPlatform.TestSupport;

namespace LearningPlatform.WebApi.IntegrationTests.Exports;

/// <summary>CSV exports of standings through the API, the export job, and s3rver (real PostgreSQL, Redis and s3rver).</summary>
public class ExportTests(LearningApiFactory api) : IClassFixture<LearningApiFactory>
{
    private static readonly HttpClient Plain = new();

    private async Task<HttpClient> AdminAsync() => api.ClientWith((await api.Identity.AdminAsync()).AccessToken);

    private static Task<HttpResponseMessage> RequestExportAsync(HttpClient admin, Guid examId) =>
        admin.PostAsync($"{AdminCalls.Admin}/rankings/{examId}/export", null);

    private async Task<JsonElement> WaitForFinishAsync(HttpClient admin, Guid exportId)
    {
        JsonElement export = default;
        await RedisServerProcess.WaitUntilAsync(async () =>
        {
            export = await admin.SendOkAsync(HttpMethod.Get, $"/exports/{exportId}");
            return export.GetProperty("status").GetString() is "SUCCEEDED" or "FAILED";
        }, TimeSpan.FromSeconds(90), "the export to finish");
        return export;
    }

    [Fact]
    public async Task An_export_of_100000_standings_is_a_csv_equal_to_the_standings_table()
    {
        const int count = 100_000;
        var admin = await AdminAsync();
        var exam = await api.AddRankedExamAsync(publish: false);
        await StandingsSeed.SeedAsync(api.Database.ConnectionString, exam.Id, count, couponCampaignId: Guid.NewGuid());

        var response = await RequestExportAsync(admin, exam.Id);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, text);
        var accepted = JsonDocument.Parse(text).RootElement;
        var exportId = accepted.GetProperty("exportId").GetGuid();
        accepted.GetProperty("status").GetString().Should().Be("PENDING");
        response.Headers.Location!.ToString().Should().Be($"/api/learning/admin/exports/{exportId}");

        var export = await WaitForFinishAsync(admin, exportId);
        export.GetProperty("status").GetString().Should().Be("SUCCEEDED", export.ToString());
        export.GetProperty("examId").GetGuid().Should().Be(exam.Id);
        export.GetProperty("rows").GetInt64().Should().Be(count);
        export.GetProperty("objectKey").GetString().Should().Be($"exports/{exam.Id}/{exportId}.csv");
        export.GetProperty("downloadExpiresAt").GetDateTimeOffset().Should().Be(api.Clock.GetUtcNow() + TimeSpan.FromMinutes(15));

        // Downloaded as any client would: the presigned URL, no credentials, straight from s3rver.
        var download = await Plain.GetAsync(export.GetProperty("downloadUrl").GetString());
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        download.Content.Headers.ContentDisposition?.DispositionType.Should().Be("attachment");
        var bytes = await download.Content.ReadAsByteArrayAsync();
        bytes.LongLength.Should().Be(export.GetProperty("bytes").GetInt64());

        var csv = StandingsSeed.ParseCsv(System.Text.Encoding.UTF8.GetString(bytes));
        csv[0].Should().Equal("position", "rank", "learner_id", "display_name", "score", "total_elapsed_ms", "prize_coins", "coupon_campaign_id");
        var table = await StandingsSeed.ReadTableAsync(api.Database.ConnectionString, exam.Id);
        table.Should().HaveCount(count);
        csv.Should().HaveCount(count + 1, "a header and one line per standing");
        for (var i = 0; i < count; i++)
        {
            if (!csv[i + 1].SequenceEqual(table[i]))
            {
                csv[i + 1].Should().Equal(table[i], $"line {i + 2} of the CSV is the standing at position {i + 1}");
            }
        }

        // The awkward names came through quoted and whole; names of learners without a row are empty.
        csv.Skip(1).Select(r => r[3]).Should().Contain(StandingsSeed.AwkwardNames).And.Contain("");

        var audit = await admin.SendOkAsync(HttpMethod.Get, $"/audit?entity=EXPORT&id={exportId}");
        var entry = audit.GetProperty("entries").EnumerateArray().Should().ContainSingle().Subject;
        entry.GetProperty("action").GetString().Should().Be("requested");
        entry.GetProperty("details").GetProperty("examId").GetGuid().Should().Be(exam.Id);

        var jobs = await admin.SendOkAsync(HttpMethod.Get, "/jobs");
        var job = jobs.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("name").GetString() == "exports");
        job.GetProperty("schedule").GetString().Should().Contain("on request");
    }

    [Fact]
    public async Task Unknown_exam_is_404_and_an_exam_not_ranked_is_409()
    {
        var admin = await AdminAsync();
        await (await RequestExportAsync(admin, Guid.NewGuid())).ShouldBeProblemAsync(HttpStatusCode.NotFound, "exam.not_found");
        var open = await api.AddExamAsync();
        await (await RequestExportAsync(admin, open.Id)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "export.not_ranked");
        await (await admin.GetAsync($"{AdminCalls.Admin}/exports/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "export.not_found");
    }

    [Fact]
    public async Task A_learner_token_cannot_export()
    {
        var exam = await api.AddRankedExamAsync();
        var learner = await api.NewLearnerAsync();
        await (await RequestExportAsync(learner.Client, exam.Id)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
    }

    [Fact]
    public async Task A_published_exam_without_standings_exports_a_header_only()
    {
        var admin = await AdminAsync();
        var exam = await api.AddRankedExamAsync(publish: true);
        var accepted = await admin.SendOkAsync(HttpMethod.Post, $"/rankings/{exam.Id}/export", expected: HttpStatusCode.Accepted);

        var export = await WaitForFinishAsync(admin, accepted.GetProperty("exportId").GetGuid());
        export.GetProperty("status").GetString().Should().Be("SUCCEEDED", export.ToString());
        export.GetProperty("rows").GetInt64().Should().Be(0);
        var body = await Plain.GetStringAsync(export.GetProperty("downloadUrl").GetString());
        body.Should().Be("position,rank,learner_id,display_name,score,total_elapsed_ms,prize_coins,coupon_campaign_id\n");
    }
}

/// <summary>The WebApi without its export job, so an export stays PENDING as long as a test needs.</summary>
public sealed class NoExportJobFactory : LearningApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Exports:PollInterval", "00:00:00")];
}

public class ExportConflictTests(NoExportJobFactory api) : IClassFixture<NoExportJobFactory>
{
    [Fact]
    public async Task A_second_export_of_an_exam_while_one_is_pending_is_409_with_its_id()
    {
        var admin = api.ClientWith((await api.Identity.AdminAsync()).AccessToken);
        var exam = await api.AddRankedExamAsync();
        var first = await admin.SendOkAsync(HttpMethod.Post, $"/rankings/{exam.Id}/export", expected: HttpStatusCode.Accepted);
        var exportId = first.GetProperty("exportId").GetGuid();

        var second = await admin.PostAsync($"{AdminCalls.Admin}/rankings/{exam.Id}/export", null);
        var body = await second.Content.ReadAsStringAsync();
        await second.ShouldBeProblemAsync(HttpStatusCode.Conflict, "export.already_running");
        JsonDocument.Parse(body).RootElement.GetProperty("exportId").GetGuid().Should().Be(exportId);

        var shown = await admin.SendOkAsync(HttpMethod.Get, $"/exports/{exportId}");
        shown.GetProperty("status").GetString().Should().Be("PENDING");
        shown.TryGetProperty("downloadUrl", out var url).Should().BeTrue();
        url.ValueKind.Should().Be(JsonValueKind.Null, "a URL only once SUCCEEDED");
        (await api.Database.CountAsync($"select count(*) from exports where exam_id = '{exam.Id}'")).Should().Be(1);
    }

    [Fact]
    public async Task An_export_whose_store_cannot_be_reached_fails_with_its_error_and_a_new_one_can_then_be_requested()
    {
        var token = (await api.Identity.AdminAsync()).AccessToken;
        var exam = await api.AddRankedExamAsync();
        // Another instance, its export job on, whose S3 is a closed loopback port.
        await using var broken = api.AnotherInstance(
            new KeyValuePair<string, string>("S3:ServiceUrl", $"http://127.0.0.1:{TestEnvironment.FreePort()}"),
            new KeyValuePair<string, string>("S3:CreateBucket", "false"),
            new KeyValuePair<string, string>("S3:Timeout", "00:00:02"),
            new KeyValuePair<string, string>("S3:TransferTimeout", "00:00:02"),
            new KeyValuePair<string, string>("Exports:PollInterval", "00:00:01"));
        var admin = broken.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var exportId = (await admin.SendOkAsync(HttpMethod.Post, $"/rankings/{exam.Id}/export", expected: HttpStatusCode.Accepted))
            .GetProperty("exportId").GetGuid();

        JsonElement export = default;
        await RedisServerProcess.WaitUntilAsync(async () =>
        {
            export = await admin.SendOkAsync(HttpMethod.Get, $"/exports/{exportId}");
            return export.GetProperty("status").GetString() is "SUCCEEDED" or "FAILED";
        }, TimeSpan.FromSeconds(60), "the export to finish");

        export.GetProperty("status").GetString().Should().Be("FAILED", export.ToString());
        export.GetProperty("error").GetString().Should().NotBeNullOrWhiteSpace();
        export.GetProperty("downloadUrl").ValueKind.Should().Be(JsonValueKind.Null);
        var again = api.ClientWith(token);
        (await again.SendOkAsync(HttpMethod.Post, $"/rankings/{exam.Id}/export", expected: HttpStatusCode.Accepted))
            .GetProperty("exportId").GetGuid().Should().NotBe(exportId, "a failed export does not block the next one");
    }
}
