using System.Net;
using System.Net.Http.Headers;
using LearningPlatform.Application.Common;
using LearningPlatform.Infrastructure.Storage;
using LearningPlatform.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace LearningPlatform.Infrastructure.IntegrationTests.Storage;

/// <summary>The S3 adapter against the real s3rver the test script starts, through the real AWS SDK.</summary>
public class ObjectStorageTests(InfrastructureFixture fixture) : IClassFixture<InfrastructureFixture>
{
    private static readonly HttpClient Http = new();

    private IObjectStorage Storage => fixture.Services.GetRequiredService<IObjectStorage>();

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    private static string NewKey(string extension = ".bin") => $"tests/{Guid.NewGuid():N}{extension}";

    private static HttpRequestMessage ToMessage(PresignedRequest presigned, byte[]? body = null)
    {
        var message = new HttpRequestMessage(new HttpMethod(presigned.Method), presigned.Url);
        if (body is not null)
        {
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(presigned.Headers["Content-Type"]);
        }

        return message;
    }

    [Fact]
    public async Task Bytes_put_to_a_presigned_PUT_URL_come_back_exactly_from_a_presigned_GET_URL()
    {
        var key = NewKey(".pdf");
        var bytes = RandomBytes(300_000);

        var put = await Storage.PresignPutAsync(key, "application/pdf", bytes.Length, TimeSpan.FromMinutes(5));
        put.Method.Should().Be("PUT");
        put.Url.Scheme.Should().Be("http", "the URL names the configured server's scheme");
        put.Url.Query.Should().Contain("X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost", "type and length are signed");
        put.Headers.Should().Contain("Content-Type", "application/pdf").And.Contain("Content-Length", "300000");
        (await Http.SendAsync(ToMessage(put, bytes))).StatusCode.Should().Be(HttpStatusCode.OK);

        (await Storage.HeadAsync(key)).Should().Be(new StoredObject(bytes.Length, "application/pdf"));

        var get = await Storage.PresignGetAsync(key, TimeSpan.FromMinutes(5), "application/pdf");
        var response = await Http.SendAsync(ToMessage(get));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(bytes);
    }

    [Fact]
    public async Task A_presigned_GET_URL_can_override_the_content_type_the_object_is_served_with()
    {
        var key = NewKey();
        await Storage.UploadAsync(key, "application/octet-stream", (s, ct) => s.WriteAsync("%PDF-1.4"u8.ToArray(), ct).AsTask());

        var get = await Storage.PresignGetAsync(key, TimeSpan.FromMinutes(1), "application/pdf");
        var response = await Http.SendAsync(ToMessage(get));

        response.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
    }

    [Fact]
    public async Task Presigned_URLs_are_refused_once_they_have_expired()
    {
        var key = NewKey();
        await Storage.UploadAsync(key, "text/plain", (s, ct) => s.WriteAsync("hello"u8.ToArray(), ct).AsTask());
        var get = await Storage.PresignGetAsync(key, TimeSpan.FromSeconds(1));
        var put = await Storage.PresignPutAsync(NewKey(), "text/plain", 5, TimeSpan.FromSeconds(1));

        // The store's clock decides; poll (bounded) until it refuses both.
        await RedisServerProcess.WaitUntilAsync(
            async () => (await Http.SendAsync(ToMessage(get))).StatusCode == HttpStatusCode.Forbidden,
            TimeSpan.FromSeconds(20), "the GET URL to expire");
        await RedisServerProcess.WaitUntilAsync(
            async () => (await Http.SendAsync(ToMessage(put, "hello"u8.ToArray()))).StatusCode == HttpStatusCode.Forbidden,
            TimeSpan.FromSeconds(20), "the PUT URL to expire");
        var refused = await Http.SendAsync(ToMessage(get));
        (await refused.Content.ReadAsStringAsync()).Should().Contain("Request has expired");
    }

    [Fact]
    public async Task Head_and_ranged_reads_tell_what_is_stored_and_a_missing_object_is_null()
    {
        var key = NewKey(".png");
        var bytes = RandomBytes(1000);
        await Storage.UploadAsync(key, "image/png", (s, ct) => s.WriteAsync(bytes, ct).AsTask());

        (await Storage.HeadAsync(key)).Should().Be(new StoredObject(1000, "image/png"));
        (await Storage.ReadPrefixAsync(key, 12)).Should().Equal(bytes[..12]);
        (await Storage.ReadPrefixAsync(key, 5000)).Should().Equal(bytes, "a range past the end reads what there is");
        (await Storage.HeadAsync(NewKey())).Should().BeNull();
    }

    [Fact]
    public async Task Copy_keeps_bytes_and_type_and_delete_removes_an_object_twice_without_error()
    {
        var key = NewKey(".jpg");
        var copy = NewKey(".jpg");
        var bytes = RandomBytes(2048);
        await Storage.UploadAsync(key, "image/jpeg", (s, ct) => s.WriteAsync(bytes, ct).AsTask());

        await Storage.CopyAsync(key, copy);
        await Storage.DeleteAsync(key);
        await Storage.DeleteAsync(key);

        (await Storage.HeadAsync(key)).Should().BeNull();
        (await Storage.HeadAsync(copy)).Should().Be(new StoredObject(2048, "image/jpeg"));
        (await Storage.ReadPrefixAsync(copy, 4096)).Should().Equal(bytes);
    }

    [Fact]
    public async Task A_streamed_upload_of_several_parts_round_trips_exactly()
    {
        var key = NewKey(".csv");
        var bytes = RandomBytes(12 * 1024 * 1024 + 12_345); // three 5 MiB parts with the fixture's part size

        var stored = await Storage.UploadAsync(key, "text/csv", async (stream, ct) =>
        {
            // Odd write sizes, as a CSV writer would make, crossing part boundaries.
            for (var offset = 0; offset < bytes.Length; offset += 70_001)
            {
                await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(70_001, bytes.Length - offset)), ct);
            }
        });

        stored.Should().Be(bytes.Length);
        (await Storage.HeadAsync(key)).Should().Be(new StoredObject(bytes.Length, "text/csv"));
        var download = await Http.SendAsync(ToMessage(await Storage.PresignGetAsync(key, TimeSpan.FromMinutes(1))));
        (await download.Content.ReadAsByteArrayAsync()).Should().Equal(bytes);
    }

    [Fact]
    public async Task A_streamed_upload_whose_writer_fails_stores_nothing()
    {
        var key = NewKey();

        var upload = () => Storage.UploadAsync(key, "text/csv", async (stream, ct) =>
        {
            await stream.WriteAsync(RandomBytes(6 * 1024 * 1024), ct);
            throw new InvalidOperationException("the export query failed");
        });

        await upload.Should().ThrowAsync<InvalidOperationException>().WithMessage("the export query failed");
        (await Storage.HeadAsync(key)).Should().BeNull();
    }

    [Fact]
    public async Task An_empty_streamed_upload_stores_an_empty_object()
    {
        var key = NewKey();

        (await Storage.UploadAsync(key, "text/csv", (_, _) => Task.CompletedTask)).Should().Be(0);

        // (No ranged read: s3rver answers a range of an empty object with a Content-Length it does not send.)
        (await Storage.HeadAsync(key)).Should().Be(new StoredObject(0, "text/csv"));
    }

    [Theory]
    [InlineData("http://127.0.0.1:54569", null, true)]
    [InlineData("http://localhost:9000", null, true)]
    [InlineData("http://[::1]:9000", null, true)]
    [InlineData("http://minio:9000", null, false)]
    [InlineData("http://minio:9000", true, true)]
    [InlineData("http://127.0.0.1:54569", false, false)]
    [InlineData(null, null, false)]
    public void Local_compatibility_is_on_by_default_only_for_loopback_servers(string? url, bool? setting, bool expected) =>
        new S3Options { ServiceUrl = url, LocalCompatibility = setting }.UsesLocalCompatibility.Should().Be(expected);
}
