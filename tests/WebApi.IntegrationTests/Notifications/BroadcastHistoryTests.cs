using System.Net;
using System.Text;
using System.Text.Json;
using LearningPlatform.TestSupport;

namespace LearningPlatform.WebApi.IntegrationTests.Notifications;

public class BroadcastHistoryTests(PushApiFactory api) : IClassFixture<PushApiFactory>
{
    [Fact]
    public async Task The_history_lists_broadcasts_newest_first_with_their_text_sender_and_dispatch_record()
    {
        var tokens = await api.Identity.AdminAsync();
        var admin = api.ClientWith(tokens.AccessToken);
        async Task<Guid> SendAsync(object body)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/learning/admin/notifications/broadcast")
            {
                Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            var response = await admin.SendAsync(request);
            response.StatusCode.Should().Be(HttpStatusCode.Accepted);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("messageId").GetGuid();
        }

        var first = await SendAsync(new { title = "Old news", body = "First." });
        api.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await SendAsync(new { title = "Exam tonight", body = "Line one\nline two", deeplink = "learning://exams", topic = "exam-42" });
        await api.DriveUntilAsync(async () =>
            await api.Database.CountAsync($"select count(*) from outbox_messages where id in ('{first}', '{second}') and status = 'Sent'") == 2,
            "both broadcasts");

        var body = await admin.GetStringAsync("/api/learning/admin/notifications/broadcasts?limit=10");
        var listed = JsonDocument.Parse(body).RootElement.GetProperty("broadcasts").EnumerateArray().ToList();

        listed.Select(b => b.GetProperty("messageId").GetGuid()).Should().Equal(second, first);
        var latest = listed[0];
        latest.GetProperty("type").GetString().Should().Be("admin.broadcast");
        latest.GetProperty("topic").GetString().Should().Be("exam-42");
        latest.GetProperty("title").GetString().Should().Be("Exam tonight");
        latest.GetProperty("body").GetString().Should().Be("Line one\nline two");
        latest.GetProperty("deeplink").GetString().Should().Be("learning://exams");
        latest.GetProperty("sentBy").GetGuid().Should().Be(Guid.Parse(tokens.Subject));
        latest.GetProperty("status").GetString().Should().Be("SENT");
        latest.GetProperty("dispatchedAt").ValueKind.Should().Be(JsonValueKind.String, "the dispatch record is joined");
        listed[1].GetProperty("topic").GetString().Should().Be("all");

        var page = JsonDocument.Parse(await admin.GetStringAsync("/api/learning/admin/notifications/broadcasts?offset=1&limit=1")).RootElement;
        page.GetProperty("broadcasts").EnumerateArray().Single().GetProperty("messageId").GetGuid().Should().Be(first);
        await (await admin.GetAsync("/api/learning/admin/notifications/broadcasts?limit=0")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        var learner = await api.NewLearnerAsync();
        (await learner.Client.GetAsync("/api/learning/admin/notifications/broadcasts")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}
