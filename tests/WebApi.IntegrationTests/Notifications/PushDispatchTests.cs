using LearningPlatform.Application.Notifications;
using System.Net;
using System.Text;
using System.Text.Json;
using LearningPlatform.Domain.Notifications;
using LearningPlatform.Domain.Ranking;
using LearningPlatform.FakeFcm;
using LearningPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningPlatform.WebApi.IntegrationTests.Notifications;

/// <summary>The outbox dispatcher in the WebApi sending through the real FCM adapter to a fake FCM.</summary>
public class PushDispatchTests(PushApiFactory api) : IClassFixture<PushApiFactory>
{
    private const string Admin = "/api/learning/admin";

    private static string DeviceToken() => $"fcm:{Guid.NewGuid():N}{Guid.NewGuid():N}";

    private static Func<FcmRequest, bool> For(Guid messageId) =>
        r => r.Data.TryGetValue("messageId", out var id) && id == messageId.ToString();

    private async Task<(Learner Learner, string Token)> LearnerWithDeviceAsync(string platform = "android")
    {
        var learner = await api.NewLearnerAsync();
        var token = DeviceToken();
        var response = await learner.Client.PutAsync($"{ApiCalls.App}/devices",
            new StringContent(JsonSerializer.Serialize(new { token, platform }), Encoding.UTF8, "application/json"));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return (learner, token);
    }

    /// <summary>A personal notice in the learner's inbox and the outbox, as a state change writes it.</summary>
    private async Task<Guid> NoticeAsync(Guid learnerId)
    {
        var notification = Notification.For(learnerId, "reward.status_changed", "Reward approved", "On its way.", "learning://rewards/x", api.Clock.GetUtcNow());
        await api.WithDbAsync(async db =>
        {
            db.Notifications.Add(notification);
            db.Outbox.Add(OutboxMessage.ToLearner(notification, """{"title":"Reward approved","body":"On its way.","deeplink":"learning://rewards/x"}""",
                $"test:{notification.Id}"));
            return await db.SaveChangesAsync();
        });
        return notification.Id;
    }

    private Task<OutboxMessage> OutboxAsync(Guid id) => api.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == id));

    [Fact]
    public async Task Publishing_3_winners_among_1003_pushes_to_their_devices_and_once_to_the_topic_with_no_rows_for_the_others()
    {
        var winners = new[] { await LearnerWithDeviceAsync("ios"), await LearnerWithDeviceAsync(), await LearnerWithDeviceAsync() };
        var secondPhone = DeviceToken();
        (await winners[0].Learner.Client.PutAsync($"{ApiCalls.App}/devices",
            new StringContent(JsonSerializer.Serialize(new { token = secondPhone, platform = "android" }), Encoding.UTF8, "application/json")))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var exam = await api.AddExamAsync(closesAt: api.Clock.GetUtcNow().AddMinutes(1),
            prizes: PrizeTable.Create(TieRule.ShareEqually, [new PrizeTier(1, 3, Prize.CoinsOf(100))]));
        var at = api.Clock.GetUtcNow();
        var others = Enumerable.Range(0, 1_000).Select(_ => Guid.NewGuid()).ToList();
        await ResultSeed.InsertAsync(api.Database.ConnectionString, exam.Id,
        [
            .. winners.Select((w, i) => new SeededResult(w.Learner.Id, 100 - i, 1_000, at)),
            .. others.Select((o, i) => new SeededResult(o, i % 50, 2_000 + i, at)),
        ]);
        api.Clock.Advance(TimeSpan.FromMinutes(2));
        var admin = api.ClientWith((await api.Identity.AdminAsync()).AccessToken);
        (await admin.PostAsync($"{Admin}/rankings/{exam.Id}/run", null)).StatusCode.Should().Be(HttpStatusCode.Accepted);
        await api.DriveUntilAsync(async () => await api.Database.CountAsync($"select count(*) from exams where id = '{exam.Id}' and ranking_status = 'Ranked'") == 1,
            "the ranking");

        (await admin.PostAsync($"{Admin}/rankings/{exam.Id}/publish", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        var topic = $"exam-{exam.Id}";
        await api.DriveUntilAsync(() => Task.FromResult(
            api.Fcm.Delivered.Count(r => r.Topic == topic) == 1 &&
            api.Fcm.Delivered.Count(r => winners.Any(w => w.Token == r.Token) || r.Token == secondPhone) == 4), "the pushes");
        await api.DriveUntilAsync(async () =>
            await api.Database.CountAsync($"select count(*) from outbox_messages where dedupe_key like '%{exam.Id}%' and status = 'Sent'") == 4,
            "the outbox to record them");

        var inbox = await api.WithDbAsync(db => db.Notifications.AsNoTracking().Where(n => n.Type == "exam.prize_won" && n.Deeplink!.Contains(exam.Id.ToString())).ToListAsync());
        inbox.Select(n => n.LearnerId).Should().BeEquivalentTo(winners.Select(w => w.Learner.Id));
        var othersList = string.Join(",", others.Select(o => $"'{o}'"));
        (await api.Database.CountAsync($"select count(*) from notifications where learner_id in ({othersList})")).Should().Be(0);
        (await api.Database.CountAsync($"select count(*) from outbox_messages where learner_id in ({othersList})")).Should().Be(0);
        (await api.Database.CountAsync($"select count(*) from outbox_messages where dedupe_key like '%{exam.Id}%'")).Should().Be(4);
        (await api.Database.CountAsync($"select count(*) from notification_dispatches where topic = '{topic}'")).Should().Be(1);
        var winnerPushes = api.Fcm.Delivered.Where(r => r.Token == winners[0].Token || r.Token == secondPhone).ToList();
        winnerPushes.Select(r => r.Data["messageId"]).Distinct().Should().ContainSingle("both phones get the same message id");
        api.Fcm.Delivered.Single(r => r.Token == winners[0].Token).Has("apns").Should().BeTrue("an iPhone gets the APNs block");
        api.Fcm.Delivered.Single(r => r.Topic == topic).Data["deeplink"].Should().Be($"learning://exams/{exam.Id}/result");

        // The ranking's SQL writes the same payload shape as the C# producers: every row reads back as a PushPayload.
        var payloads = (await api.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.DedupeKey.Contains(exam.Id.ToString()))
            .Select(m => m.Payload).ToListAsync())).Select(PushPayload.FromJson).ToList();
        payloads.Should().HaveCount(4).And.OnlyContain(p => p.Deeplink == $"learning://exams/{exam.Id}/result" && p.Data["examId"] == exam.Id.ToString());
        payloads.Where(p => p.Data.ContainsKey("rank")).Select(p => p.Data["rank"]).Should().BeEquivalentTo(["1", "2", "3"]);
        api.Fcm.Delivered.Single(r => r.Token == winners[0].Token).Data["rank"].Should().Be("1");
    }

    [Fact]
    public async Task Fcm_answering_503_twice_then_200_delivers_the_message_once()
    {
        var (learner, token) = await LearnerWithDeviceAsync();
        api.Fcm.AnswerFor(token, FakeFcmResponse.Unavailable());
        var id = await NoticeAsync(learner.Id);
        await api.DriveUntilAsync(() => Task.FromResult(api.Fcm.Requests.Count(For(id)) >= 2), "two refused tries");
        api.Fcm.AnswerFor(token, FakeFcmResponse.Ok());

        await api.DriveUntilAsync(async () => (await OutboxAsync(id)).Status == OutboxStatus.Sent, "the third try");

        api.Fcm.Delivered.Count(For(id)).Should().Be(1);
        (await OutboxAsync(id)).Attempts.Should().BeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public async Task An_unregistered_token_is_disabled_and_never_tried_again()
    {
        var (learner, token) = await LearnerWithDeviceAsync();
        api.Fcm.AnswerFor(token, FakeFcmResponse.Unregistered());
        var first = await NoticeAsync(learner.Id);
        await api.DriveUntilAsync(async () => (await OutboxAsync(first)).Status == OutboxStatus.Sent, "the first notice");

        var second = await NoticeAsync(learner.Id);
        await api.DriveUntilAsync(async () => (await OutboxAsync(second)).Status == OutboxStatus.Sent, "the second notice (inbox only)");

        api.Fcm.Requests.Count(r => r.Token == token).Should().Be(1);
        (await api.Database.CountAsync($"select count(*) from devices where token = '{token}' and disabled_at is not null")).Should().Be(1);
    }

    [Fact]
    public async Task Quota_exceeded_with_retry_after_7_is_not_tried_again_before_7_seconds()
    {
        var (learner, token) = await LearnerWithDeviceAsync();
        api.Fcm.AnswerFor(token, FakeFcmResponse.QuotaExceeded("7"));
        var id = await NoticeAsync(learner.Id);
        await api.DriveUntilAsync(() => Task.FromResult(api.Fcm.Requests.Count(For(id)) == 1), "the first try");
        // The clock stands still from here: the refusal is recorded at most one step after the try was made.
        await RedisServerProcess.WaitUntilAsync(async () => (await OutboxAsync(id)).Attempts == 1, TimeSpan.FromSeconds(10), "the first try to be recorded");
        api.Fcm.Requests.Count(For(id)).Should().Be(1);
        api.Fcm.AnswerFor(token, FakeFcmResponse.Ok());
        var refusedAt = api.Clock.GetUtcNow();
        (await OutboxAsync(id)).AvailableAt.Should().BeOnOrAfter(refusedAt.AddSeconds(6)).And.BeBefore(refusedAt.AddSeconds(9),
            "Retry-After: 7 from the try (the fake clock moved at most a second since)");

        // Six fake seconds, a second at a time, giving the dispatcher every chance: no second try.
        for (var i = 0; i < 6; i++)
        {
            api.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(50);
        }

        api.Fcm.Requests.Count(For(id)).Should().Be(1);
        await api.DriveUntilAsync(async () => (await OutboxAsync(id)).Status == OutboxStatus.Sent, "the try after Retry-After");
        api.Fcm.Requests.Count(For(id)).Should().Be(2);
    }

    [Fact]
    public async Task Invalid_argument_is_not_retried_and_the_message_is_dead_lettered()
    {
        var (learner, token) = await LearnerWithDeviceAsync();
        api.Fcm.AnswerFor(token, FakeFcmResponse.InvalidArgument());
        var id = await NoticeAsync(learner.Id);

        await api.DriveUntilAsync(async () => (await OutboxAsync(id)).Status != OutboxStatus.Pending || api.Fcm.Requests.Count(For(id)) > 1, "the try");
        for (var i = 0; i < 5; i++)
        {
            api.Clock.Advance(TimeSpan.FromSeconds(10));
            await Task.Delay(50);
        }

        api.Fcm.Requests.Count(For(id)).Should().Be(1);
        (await api.Database.CountAsync($"select count(*) from devices where token = '{token}' and disabled_at is null")).Should().Be(1, "the device is fine; the message was not");
        var admin = api.ClientWith((await api.Identity.AdminAsync()).AccessToken);
        var jobs = JsonDocument.Parse(await admin.GetStringAsync($"{Admin}/jobs")).RootElement;
        jobs.GetProperty("outbox").GetProperty("deadLettered").GetInt32().Should().BeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task A_message_with_an_unreadable_payload_is_dead_lettered_and_the_next_one_still_goes()
    {
        var (learner, token) = await LearnerWithDeviceAsync();
        var broken = Notification.For(learner.Id, "reward.status_changed", "t", "b", null, api.Clock.GetUtcNow());
        await api.WithDbAsync(async db =>
        {
            db.Notifications.Add(broken);
            db.Outbox.Add(OutboxMessage.ToLearner(broken, """{"no_title": true}""", $"test:{broken.Id}"));
            return await db.SaveChangesAsync();
        });
        var good = await NoticeAsync(learner.Id);

        await api.DriveUntilAsync(async () => (await OutboxAsync(good)).Status == OutboxStatus.Sent, "the good message");

        (await OutboxAsync(broken.Id)).Status.Should().Be(OutboxStatus.DeadLettered);
        api.Fcm.Requests.Count(For(broken.Id)).Should().Be(0);
        api.Fcm.Delivered.Count(For(good)).Should().Be(1);
    }

    [Fact]
    public async Task Two_dispatchers_one_stopping_mid_backlog_send_every_message_exactly_once()
    {
        var (learner, token) = await LearnerWithDeviceAsync();
        // Slow answers, so the backlog is still there when the second instance starts and the first one stops.
        api.Fcm.AnswerFor(token, FakeFcmResponse.Ok().After(TimeSpan.FromMilliseconds(40)));
        var ids = new List<Guid>();
        for (var i = 0; i < 40; i++)
        {
            ids.Add(await NoticeAsync(learner.Id));
        }

        await using (var second = api.AnotherDispatcher())
        {
            _ = second.Services; // starts its dispatcher
            await api.DriveUntilAsync(() => Task.FromResult(api.Fcm.Requests.Count(r => r.Token == token) >= 10), "the first pushes");
        } // the second instance stops mid-backlog; the first carries on (and takes back what the second handed back)

        await api.DriveUntilAsync(async () =>
            await api.Database.CountAsync($"select count(*) from outbox_messages where learner_id = '{learner.Id}' and status = 'Sent'") == 40,
            "the whole backlog", seconds: 60);

        var delivered = api.Fcm.Delivered.Where(r => r.Token == token).GroupBy(r => r.Data["messageId"]).ToList();
        delivered.Should().HaveCount(40);
        delivered.Should().OnlyContain(g => g.Count() == 1, "no message is sent twice");
        delivered.Select(g => g.Key).Should().BeEquivalentTo(ids.Select(i => i.ToString()));
    }
}

public class BroadcastTests(PushApiFactory api) : IClassFixture<PushApiFactory>
{
    [Fact]
    public async Task A_broadcast_goes_once_to_its_topic_with_one_audit_row_and_bad_topics_are_refused()
    {
        var admin = api.ClientWith((await api.Identity.AdminAsync()).AccessToken);
        StringContent Body(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

        async Task<HttpResponseMessage> PostAsync(HttpClient client, object body, string key)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/learning/admin/notifications/broadcast") { Content = Body(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request);
        }

        var key = Guid.NewGuid().ToString();
        var queued = await PostAsync(admin, new { title = "New exams", body = "Three new sprints are open." }, key);
        queued.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var replay = await PostAsync(admin, new { title = "New exams", body = "Three new sprints are open." }, key);
        replay.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        var id = JsonDocument.Parse(await queued.Content.ReadAsStringAsync()).RootElement.GetProperty("messageId").GetGuid();
        await api.DriveUntilAsync(async () => await api.Database.CountAsync($"select count(*) from outbox_messages where id = '{id}' and status = 'Sent'") == 1,
            "the broadcast");

        api.Fcm.Requests.Count(r => r.Topic == "all").Should().Be(1);
        (await api.Database.CountAsync($"select count(*) from notification_dispatches where outbox_message_id = '{id}'")).Should().Be(1);
        (await api.Database.CountAsync("select count(*) from notifications")).Should().Be(0, "a broadcast has no rows per learner");

        await (await PostAsync(admin, new { title = "x", body = "y", topic = "no spaces allowed" }, Guid.NewGuid().ToString()))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        (await api.Database.CountAsync("select count(*) from outbox_messages where type = 'admin.broadcast'")).Should().Be(1, "the replay queued nothing");
        var learner = await api.NewLearnerAsync();
        (await learner.Client.PostAsync("/api/learning/admin/notifications/broadcast", Body(new { title = "x", body = "y" }))).StatusCode
            .Should().Be(HttpStatusCode.Forbidden);
    }
}

public class DispatcherRestartTests(NoDispatcherPushApiFactory api) : IClassFixture<NoDispatcherPushApiFactory>
{
    [Fact]
    public async Task The_webapi_restarted_mid_backlog_sends_every_message_exactly_once()
    {
        var learner = await api.NewLearnerAsync();
        var token = $"fcm:{Guid.NewGuid():N}";
        (await learner.Client.PutAsync($"{ApiCalls.App}/devices",
            new StringContent(JsonSerializer.Serialize(new { token, platform = "ios" }), Encoding.UTF8, "application/json"))).StatusCode.Should().Be(HttpStatusCode.OK);
        // Slow enough that the stop (a host's disposal, seconds on a loaded CI machine) comes mid-backlog.
        api.Fcm.AnswerFor(token, FakeFcmResponse.Ok().After(TimeSpan.FromMilliseconds(100)));
        var ids = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            var notification = Notification.For(learner.Id, "reward.status_changed", "Reward approved", $"Notice {i}", null, api.Clock.GetUtcNow());
            await api.WithDbAsync(async db =>
            {
                db.Notifications.Add(notification);
                db.Outbox.Add(OutboxMessage.ToLearner(notification, $$"""{"title":"Reward approved","body":"Notice {{i}}"}""", $"restart:{notification.Id}"));
                return await db.SaveChangesAsync();
            });
            ids.Add(notification.Id.ToString());
        }

        await using (var first = api.AnotherDispatcher())
        {
            _ = first.Services;
            await api.DriveUntilAsync(() => Task.FromResult(api.Fcm.Requests.Count(r => r.Token == token) >= 5), "the first pushes");
        } // stopped mid-backlog

        var sentBeforeRestart = await api.Database.CountAsync($"select count(*) from outbox_messages where learner_id = '{learner.Id}' and status = 'Sent'");
        sentBeforeRestart.Should().BeInRange(5, 29, "the restart happens mid-backlog");

        await using (var restarted = api.AnotherDispatcher())
        {
            _ = restarted.Services;
            await api.DriveUntilAsync(async () =>
                await api.Database.CountAsync($"select count(*) from outbox_messages where learner_id = '{learner.Id}' and status = 'Sent'") == 30,
                "the rest of the backlog", seconds: 60);
        }

        var delivered = api.Fcm.Delivered.Where(r => r.Token == token).GroupBy(r => r.Data["messageId"]).ToList();
        delivered.Select(g => g.Key).Should().BeEquivalentTo(ids);
        delivered.Should().OnlyContain(g => g.Count() == 1, "nothing is sent twice across the restart");
    }
}
