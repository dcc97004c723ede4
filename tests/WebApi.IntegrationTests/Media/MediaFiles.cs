using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using LearningPlatform.TestSupport;

namespace LearningPlatform.WebApi.IntegrationTests.Media;

/// <summary>Small files that carry each type's magic number, and the client's side of an upload.</summary>
internal static class MediaFiles
{
    public const string Uploads = "/media/uploads";
    private static readonly HttpClient Http = new();

    public static byte[] Png(int size = 2048) => With([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], size);
    public static byte[] Pdf(int size = 4096) => With("%PDF-1.7\n"u8.ToArray(), size);
    public static byte[] Mp4(int size = 8192) => With([0, 0, 0, 0x20, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m'], size);
    public static byte[] Gif(int size = 2048) => With("GIF89a"u8.ToArray(), size);

    private static byte[] With(byte[] head, int size)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        head.CopyTo(bytes, 0);
        return bytes;
    }

    /// <summary>Step one: POST /media/uploads; the 201 body.</summary>
    public static async Task<JsonElement> RequestAsync(this HttpClient admin, string contentType, long size, string? fileName = null) =>
        await admin.SendOkAsync(HttpMethod.Post, Uploads, new { contentType, size, fileName }, HttpStatusCode.Created);

    /// <summary>
    /// Step two, as a client does it: the body to the presigned URL with the headers it was given. The Content-Length
    /// comes from the body itself (a client cannot send another), so a wrong body shows as a wrong length.
    /// </summary>
    public static async Task<HttpResponseMessage> UploadAsync(JsonElement ticket, byte[] body, string? contentType = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(ticket.GetProperty("method").GetString()!), ticket.GetProperty("uploadUrl").GetString())
        {
            Content = new ByteArrayContent(body),
        };
        foreach (var header in ticket.GetProperty("headers").EnumerateObject())
        {
            if (header.Name == "Content-Type")
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? header.Value.GetString()!);
            }
            else if (header.Name != "Content-Length")
            {
                request.Headers.Add(header.Name, header.Value.GetString());
            }
        }

        return await Http.SendAsync(request);
    }

    public static async Task UploadOkAsync(JsonElement ticket, byte[] body, string? contentType = null) =>
        (await UploadAsync(ticket, body, contentType)).StatusCode.Should().Be(HttpStatusCode.OK);

    public static Task<HttpResponseMessage> CompleteAsync(this HttpClient admin, JsonElement ticket) =>
        admin.SendAsync(HttpMethod.Post, $"{Uploads}/{ticket.GetProperty("id").GetGuid()}/complete");

    public static Task<HttpResponseMessage> DownloadAsync(Uri url) => Http.GetAsync(url);
}
