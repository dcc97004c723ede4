using System.Net;
using System.Net.Http.Headers;
using LearningPlatform.Application.Media;
using LearningPlatform.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace LearningPlatform.EndToEndTests;

/// <summary>An admin uploads a PDF: declared and completed through the gateway, the bytes straight to s3rver.</summary>
public class MediaJourneyTests(Platform platform) : IClassFixture<Platform>
{
    [Fact]
    public async Task A_pdf_declared_through_the_gateway_goes_straight_to_the_object_store_and_is_served_back_after_completion()
    {
        var identity = await SharedIdentity.GetAsync();
        var admin = platform.GatewayA.Client((await identity.AdminAsync()).AccessToken);
        var pdf = new byte[200_000];
        Random.Shared.NextBytes(pdf);
        "%PDF-1.7\n"u8.CopyTo(pdf);

        var ticket = await admin.SendOkAsync(HttpMethod.Post, "/media/uploads",
            new { contentType = "application/pdf", size = pdf.Length, fileName = "syllabus.pdf" }, HttpStatusCode.Created);
        using var s3 = new HttpClient();
        var put = new ByteArrayContent(pdf);
        put.Headers.ContentType = MediaTypeHeaderValue.Parse(ticket.GetProperty("headers").GetProperty("Content-Type").GetString()!);
        var uploadUrl = new Uri(ticket.GetProperty("uploadUrl").GetString()!);
        uploadUrl.GetLeftPart(UriPartial.Authority).Should().Be(new Uri(TestEnvironment.S3).GetLeftPart(UriPartial.Authority),
            "the bytes go to the object store, not through the gateway");
        (await s3.PutAsync(uploadUrl, put)).StatusCode.Should().Be(HttpStatusCode.OK);

        var completed = await admin.SendOkAsync(HttpMethod.Post, $"/media/uploads/{ticket.GetProperty("id").GetGuid()}/complete");
        completed.GetProperty("status").GetString().Should().Be("COMPLETED");

        await using var scope = platform.Api.Services.CreateAsyncScope();
        var media = await scope.ServiceProvider.GetRequiredService<GetCompletedMedia>().HandleAsync(ticket.GetProperty("id").GetGuid(), default);
        var download = await scope.ServiceProvider.GetRequiredService<PresignMediaDownload>().HandleAsync(media, default);
        var served = await s3.GetAsync(download.Url);
        served.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        (await served.Content.ReadAsByteArrayAsync()).Should().Equal(pdf);
    }
}
