using System.Text.Json;
using LearningPlatform.Application.Notifications;
using LearningPlatform.FakeFcm;

namespace LearningPlatform.Infrastructure.IntegrationTests.Push;

/// <summary>What the real adapter puts on the wire, as the fake FCM received it.</summary>
public class FcmMessageShapeTests
{
    [Fact]
    public async Task Android_message_carries_token_notification_data_and_android_options()
    {
        await using var push = await PushHarness.StartAsync();
        var token = PushHarness.DeviceToken();
        var message = PushHarness.Message(
            data: new Dictionary<string, string> { ["kind"] = "exam.result", ["examId"] = "0b7c3e52" },
            collapseKey: "exam-result", timeToLive: TimeSpan.FromHours(6));

        var result = await push.SendAsync(PushTarget.Device(token, DevicePlatform.Android), message);

        var request = push.Fcm.Requests.Should().ContainSingle().Subject;
        result.Outcome.Should().Be(PushOutcome.Sent);
        result.ProviderMessageId.Should().Be(request.MessageName).And.StartWith($"projects/{push.Fcm.ProjectId}/messages/");
        request.ProjectId.Should().Be(push.Fcm.ProjectId);
        request.Headers["Content-Type"].Should().StartWith("application/json");
        request.Message.EnumerateObject().Select(p => p.Name).Should()
            .BeEquivalentTo(["token", "notification", "data", "android"]);
        request.Token.Should().Be(token);
        request.Get("notification", "title").Should().Be("You placed 2nd");
        request.Get("notification", "body").Should().Be("50 coins are yours.");
        request.Data.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["kind"] = "exam.result",
            ["examId"] = "0b7c3e52",
            ["deeplink"] = "learning://exams/0b7c3e52-5d1e-4f7a-9a57-3f0d2c6a1e01/result",
            ["messageId"] = message.MessageId,
        });
        request.Get("android", "ttl").Should().Be("21600s");
        request.Get("android", "collapse_key").Should().Be("exam-result");
        request.Get("android", "priority").Should().Be("high");
        request.Has("apns").Should().BeFalse();
    }

    [Fact]
    public async Task Ios_message_carries_apns_headers_and_payload()
    {
        await using var push = await PushHarness.StartAsync();
        var token = PushHarness.DeviceToken();
        var message = PushHarness.Message(collapseKey: "reward-status", timeToLive: TimeSpan.FromMinutes(90));

        var result = await push.SendAsync(PushTarget.Device(token, DevicePlatform.Ios), message);

        result.Outcome.Should().Be(PushOutcome.Sent);
        var request = push.Fcm.Requests.Should().ContainSingle().Subject;
        request.Message.EnumerateObject().Select(p => p.Name).Should()
            .BeEquivalentTo(["token", "notification", "data", "apns"]);
        request.Token.Should().Be(token);
        request.Data["deeplink"].Should().Be(message.Deeplink);
        request.Data["messageId"].Should().Be(message.MessageId);

        // apns-expiration: the fake clock's now + TTL, in unix seconds.
        request.Get("apns", "headers", "apns-expiration").Should()
            .Be(PushHarness.Start.AddMinutes(90).ToUnixTimeSeconds().ToString());
        request.Get("apns", "headers", "apns-collapse-id").Should().Be("reward-status");
        request.Get("apns", "headers", "apns-priority").Should().Be("10");
        request.Get("apns", "headers", "apns-push-type").Should().Be("alert");

        var payload = request.Message.GetProperty("apns").GetProperty("payload");
        payload.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(["aps", "deeplink", "messageId"]);
        request.Get("apns", "payload", "aps", "alert", "title").Should().Be("You placed 2nd");
        request.Get("apns", "payload", "aps", "alert", "body").Should().Be("50 coins are yours.");
        request.Get("apns", "payload", "aps", "sound").Should().Be("default");
        request.Get("apns", "payload", "deeplink").Should().Be(message.Deeplink);
        request.Get("apns", "payload", "messageId").Should().Be(message.MessageId);
    }

    [Fact]
    public async Task Apns_expiration_follows_the_clock()
    {
        await using var push = await PushHarness.StartAsync();
        push.Clock.Advance(TimeSpan.FromDays(3));

        await push.SendAsync(PushTarget.Device(PushHarness.DeviceToken(), DevicePlatform.Ios),
            PushHarness.Message(timeToLive: TimeSpan.FromSeconds(45)));

        push.Fcm.Requests.Single().Get("apns", "headers", "apns-expiration").Should()
            .Be(PushHarness.Start.AddDays(3).AddSeconds(45).ToUnixTimeSeconds().ToString());
    }

    [Fact]
    public async Task Topic_message_carries_both_android_and_apns_options()
    {
        await using var push = await PushHarness.StartAsync();
        var message = PushHarness.Message(deeplink: null, collapseKey: "exam-published", timeToLive: TimeSpan.FromDays(1));

        var result = await push.SendAsync(PushTarget.ToTopic("exam-0b7c3e52-5d1e-4f7a-9a57-3f0d2c6a1e01"), message);

        result.Outcome.Should().Be(PushOutcome.Sent);
        var request = push.Fcm.Requests.Should().ContainSingle().Subject;
        request.Message.EnumerateObject().Select(p => p.Name).Should()
            .BeEquivalentTo(["topic", "notification", "data", "android", "apns"]);
        request.Topic.Should().Be("exam-0b7c3e52-5d1e-4f7a-9a57-3f0d2c6a1e01");
        request.Data.Should().NotContainKey("deeplink").And.Contain("messageId", message.MessageId);
        request.Get("android", "ttl").Should().Be("86400s");
        request.Get("android", "collapse_key").Should().Be("exam-published");
        request.Get("android", "priority").Should().Be("high");
        request.Get("apns", "headers", "apns-collapse-id").Should().Be("exam-published");
        request.Get("apns", "headers", "apns-priority").Should().Be("10");
        request.Get("apns", "headers", "apns-expiration").Should()
            .Be(PushHarness.Start.AddDays(1).ToUnixTimeSeconds().ToString());
        request.Get("apns", "payload", "aps", "alert", "title").Should().Be(message.Title);
        request.Get("apns", "payload", "messageId").Should().Be(message.MessageId);
        request.Has("apns", "payload", "deeplink").Should().BeFalse();
    }

    [Fact]
    public async Task Text_outside_ascii_goes_as_utf8_and_arrives_intact()
    {
        await using var push = await PushHarness.StartAsync();
        var message = PushHarness.Message(title: "Glückwunsch — 1. Platz 🏆", body: "\"Quoted\" <b>&</b> \\ line\nbreak");

        (await push.SendAsync(PushTarget.Device(PushHarness.DeviceToken(), DevicePlatform.Ios), message))
            .Outcome.Should().Be(PushOutcome.Sent);

        var request = push.Fcm.Requests.Single();
        request.Get("notification", "title").Should().Be("Glückwunsch — 1. Platz 🏆");
        request.Get("apns", "payload", "aps", "alert", "body").Should().Be("\"Quoted\" <b>&</b> \\ line\nbreak");
        request.RawBody.Should().Contain("Glückwunsch", "non-ASCII text is sent as UTF-8, not \\u escapes that inflate the size");
    }

    [Fact]
    public async Task Zero_ttl_asks_for_one_delivery_attempt()
    {
        await using var push = await PushHarness.StartAsync();

        await push.SendAsync(PushTarget.ToTopic("all"), PushHarness.Message(timeToLive: TimeSpan.Zero));

        var request = push.Fcm.Requests.Single();
        request.Get("android", "ttl").Should().Be("0s");
        request.Get("apns", "headers", "apns-expiration").Should().Be("0");
    }
}
