using LearningPlatform.Application.Notifications;
using LearningPlatform.FakeFcm;
using LearningPlatform.TestSupport;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Infrastructure.IntegrationTests.Push;

/// <summary>How FCM's answers and failures become outcomes, and what is refused before anything is sent.</summary>
public class FcmErrorTests
{
    private static readonly PushTarget Android = PushTarget.Device(PushHarness.DeviceToken(), DevicePlatform.Android);

    public static TheoryData<string> TransientErrors => ["unavailable", "internal", "quota"];

    private static FakeFcmResponse Transient(string name) => name switch
    {
        "unavailable" => FakeFcmResponse.Unavailable(),
        "internal" => FakeFcmResponse.Internal(),
        _ => FakeFcmResponse.QuotaExceeded(),
    };

    [Theory]
    [MemberData(nameof(TransientErrors))]
    public async Task Transient_errors_are_retry_and_the_adapter_does_not_retry_by_itself(string error)
    {
        await using var push = await PushHarness.StartAsync();
        push.Fcm.Enqueue(Transient(error));

        var result = await push.SendAsync(Android, PushHarness.Message());

        result.Outcome.Should().Be(PushOutcome.Retry);
        result.RetryAfter.Should().BeNull("FCM sent no Retry-After");
        result.Error.Should().Contain(error switch { "unavailable" => "UNAVAILABLE", "internal" => "INTERNAL", _ => "QUOTA_EXCEEDED" });
        push.Fcm.Requests.Should().ContainSingle("the outbox dispatcher owns retries");
        push.Logs.Entries.Should().Contain(e => e.Level == LogLevel.Warning && e.Text.Contains("Retry"));
    }

    [Fact]
    public async Task Quota_exceeded_with_retry_after_seconds_gives_that_delay()
    {
        await using var push = await PushHarness.StartAsync();
        push.Fcm.Enqueue(FakeFcmResponse.QuotaExceeded(retryAfter: "7"));

        var result = await push.SendAsync(Android, PushHarness.Message());

        result.Outcome.Should().Be(PushOutcome.Retry);
        result.RetryAfter.Should().Be(TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_is_counted_from_the_clock()
    {
        await using var push = await PushHarness.StartAsync();
        push.Fcm.Enqueue(FakeFcmResponse.Unavailable(retryAfter: PushHarness.Start.AddSeconds(90).ToString("R")));

        var result = await push.SendAsync(Android, PushHarness.Message());

        result.Outcome.Should().Be(PushOutcome.Retry);
        result.RetryAfter.Should().Be(TimeSpan.FromSeconds(90));
    }

    [Fact]
    public async Task Unavailable_twice_then_sent_on_the_third_call()
    {
        await using var push = await PushHarness.StartAsync();
        push.Fcm.Enqueue(FakeFcmResponse.Unavailable(), times: 2);
        var message = PushHarness.Message();

        var outcomes = new List<PushOutcome>();
        for (var i = 0; i < 3; i++)
        {
            outcomes.Add((await push.SendAsync(Android, message)).Outcome);
        }

        outcomes.Should().Equal(PushOutcome.Retry, PushOutcome.Retry, PushOutcome.Sent);
        push.Fcm.Requests.Select(r => r.AnsweredStatus).Should().Equal(503, 503, 200);
        push.Fcm.Requests.Select(r => r.Data["messageId"]).Should().OnlyContain(id => id == message.MessageId,
            "a resend carries the same message id, so the app can drop a duplicate");
    }

    [Fact]
    public async Task Unregistered_token_is_unregistered()
    {
        await using var push = await PushHarness.StartAsync();
        var token = PushHarness.DeviceToken();
        push.Fcm.AnswerFor(token, FakeFcmResponse.Unregistered());

        var result = await push.SendAsync(PushTarget.Device(token, DevicePlatform.Ios), PushHarness.Message());

        result.Outcome.Should().Be(PushOutcome.Unregistered);
        result.RetryAfter.Should().BeNull();
        push.Fcm.Requests.Single().AnsweredStatus.Should().Be(404);
    }

    public static TheoryData<string> PermanentErrors => ["invalid-argument", "sender-id-mismatch", "third-party-auth"];

    [Theory]
    [MemberData(nameof(PermanentErrors))]
    public async Task Permanent_errors_are_rejected_and_logged_as_errors(string error)
    {
        await using var push = await PushHarness.StartAsync();
        push.Fcm.Enqueue(error switch
        {
            "invalid-argument" => FakeFcmResponse.InvalidArgument(),
            "sender-id-mismatch" => FakeFcmResponse.SenderIdMismatch(),
            _ => FakeFcmResponse.ThirdPartyAuthError(),
        });
        var message = PushHarness.Message();

        var result = await push.SendAsync(Android, message);

        result.Outcome.Should().Be(PushOutcome.Rejected);
        result.Error.Should().Contain(error switch
        {
            "invalid-argument" => "INVALID_ARGUMENT 400",
            "sender-id-mismatch" => "SENDER_ID_MISMATCH 403",
            _ => "THIRD_PARTY_AUTH_ERROR 401",
        });
        push.Fcm.Requests.Should().ContainSingle();
        push.Fcm.TokenRequests.Should().ContainSingle("THIRD_PARTY_AUTH_ERROR is APNs refusing the project, not FCM refusing our token");
        push.Logs.Entries.Should().Contain(e => e.Level == LogLevel.Error && e.Text.Contains(message.MessageId) && e.Text.Contains("Rejected"));
    }

    [Fact]
    public async Task Not_found_without_unregistered_is_rejected_not_a_dead_token()
    {
        await using var push = await PushHarness.StartAsync();
        push.Fcm.Enqueue(FakeFcmResponse.Error(404, "NOT_FOUND", errorCode: null, "Requested entity was not found."));

        var result = await push.SendAsync(Android, PushHarness.Message());

        result.Outcome.Should().Be(PushOutcome.Rejected);
    }

    [Fact]
    public async Task Unspecified_error_falls_back_to_the_status()
    {
        await using var push = await PushHarness.StartAsync();
        push.Fcm.Enqueue(FakeFcmResponse.Error(503, "UNAVAILABLE", "UNSPECIFIED_ERROR", "Try later."));
        push.Fcm.Enqueue(FakeFcmResponse.Error(400, "FAILED_PRECONDITION", "UNSPECIFIED_ERROR", "No."));

        (await push.SendAsync(Android, PushHarness.Message())).Outcome.Should().Be(PushOutcome.Retry);
        (await push.SendAsync(Android, PushHarness.Message())).Outcome.Should().Be(PushOutcome.Rejected);
    }

    [Fact]
    public async Task A_wrong_project_is_rejected()
    {
        await using var push = await PushHarness.StartAsync((_, settings) => settings["Push:Fcm:ProjectId"] = "someone-elses-project");

        var result = await push.SendAsync(Android, PushHarness.Message());

        result.Outcome.Should().Be(PushOutcome.Rejected);
        result.Error.Should().Contain("PERMISSION_DENIED 403");
    }

    [Fact]
    public async Task No_answer_within_the_timeout_is_retry()
    {
        await using var push = await PushHarness.StartAsync((_, settings) => settings["Push:Fcm:RequestTimeout"] = "00:00:00.500");
        await push.SendAsync(Android, PushHarness.Message()); // the token, so that only the send can be slow
        push.Fcm.Enqueue(FakeFcmResponse.Ok().After(TimeSpan.FromSeconds(30)));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await push.SendAsync(Android, PushHarness.Message());

        result.Outcome.Should().Be(PushOutcome.Retry);
        result.Error.Should().Contain("no answer");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Refused_connection_is_retry()
    {
        var closedPort = TestEnvironment.FreePort();
        await using var push = await PushHarness.StartAsync((_, settings) =>
            settings["Push:Fcm:BaseUrl"] = $"http://127.0.0.1:{closedPort}/");

        var result = await push.SendAsync(Android, PushHarness.Message());

        result.Outcome.Should().Be(PushOutcome.Retry);
        result.Error.Should().Contain("connection failed");
        push.Fcm.TokenRequests.Should().ContainSingle("the token endpoint (token_uri) is still the fake");
    }

    [Fact]
    public async Task Caller_cancellation_is_not_turned_into_an_outcome()
    {
        await using var push = await PushHarness.StartAsync();
        await push.SendAsync(Android, PushHarness.Message());
        push.Fcm.Enqueue(FakeFcmResponse.Ok().After(TimeSpan.FromSeconds(30)));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var send = () => push.Sender.SendAsync(Android, PushHarness.Message(), cancel.Token);

        await send.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task Oversized_payload_is_rejected_without_a_request()
    {
        await using var push = await PushHarness.StartAsync();

        var result = await push.SendAsync(Android, PushHarness.Message(body: new string('x', 4100)));

        result.Outcome.Should().Be(PushOutcome.Rejected);
        result.Error.Should().Contain("4096-byte limit");
        push.Fcm.Requests.Should().BeEmpty();
        push.Fcm.TokenRequests.Should().BeEmpty();
    }

    [Fact]
    public async Task Topic_limit_is_2048_bytes_where_a_device_gets_4096()
    {
        await using var push = await PushHarness.StartAsync();
        var message = PushHarness.Message(body: new string('x', 2500));

        var toTopic = await push.SendAsync(PushTarget.ToTopic("all"), message);
        var toDevice = await push.SendAsync(PushTarget.Device(PushHarness.DeviceToken(), DevicePlatform.Ios), message);

        toTopic.Outcome.Should().Be(PushOutcome.Rejected);
        toTopic.Error.Should().Contain("2048-byte limit");
        toDevice.Outcome.Should().Be(PushOutcome.Sent);
        push.Fcm.Requests.Should().ContainSingle().Which.Token.Should().NotBeNull();
    }

    [Fact]
    public async Task Multibyte_text_counts_in_bytes()
    {
        await using var push = await PushHarness.StartAsync();

        // 1,100 four-byte characters: 4,400 bytes, though only 2,200 UTF-16 chars.
        var result = await push.SendAsync(Android, PushHarness.Message(body: string.Concat(Enumerable.Repeat("🏆", 1100))));

        result.Outcome.Should().Be(PushOutcome.Rejected);
        push.Fcm.Requests.Should().BeEmpty();
    }

    [Theory]
    [InlineData("news/today")]
    [InlineData("/topics/news")]
    [InlineData("exam results")]
    [InlineData("prüfung")]
    [InlineData("")]
    public async Task Bad_topic_name_is_rejected_without_a_request(string topic)
    {
        await using var push = await PushHarness.StartAsync();

        var result = await push.SendAsync(PushTarget.ToTopic(topic), PushHarness.Message());

        result.Outcome.Should().Be(PushOutcome.Rejected);
        result.Error.Should().Contain("topic name");
        push.Fcm.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Topic_names_with_every_allowed_character_are_sent()
    {
        await using var push = await PushHarness.StartAsync();

        var result = await push.SendAsync(PushTarget.ToTopic("Exam-01_b.c~d%20"), PushHarness.Message());

        result.Outcome.Should().Be(PushOutcome.Sent);
        push.Fcm.Requests.Single().Topic.Should().Be("Exam-01_b.c~d%20");
    }

    [Theory]
    [InlineData("from")]
    [InlineData("google.sent_time")]
    [InlineData("gcm.notification.title")]
    public async Task Reserved_data_keys_are_rejected_without_a_request(string key)
    {
        await using var push = await PushHarness.StartAsync();

        var result = await push.SendAsync(Android, PushHarness.Message(data: new Dictionary<string, string> { [key] = "x" }));

        result.Outcome.Should().Be(PushOutcome.Rejected);
        push.Fcm.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Logs_name_message_target_kind_and_outcome_but_never_the_whole_device_token()
    {
        await using var push = await PushHarness.StartAsync();
        var token = PushHarness.DeviceToken();
        var target = PushTarget.Device(token, DevicePlatform.Android);
        var message = PushHarness.Message(body: "Your coupon code is SECRET-42");

        await push.SendAsync(target, message);
        push.Fcm.Enqueue(FakeFcmResponse.Unregistered());
        await push.SendAsync(target, message);

        var lines = push.Logs.Entries.Where(e => e.Category.EndsWith("FcmPushSender")).ToList();
        lines.Should().HaveCount(2);
        lines[0].Level.Should().Be(LogLevel.Information);
        lines[0].Text.Should().Contain(message.MessageId).And.Contain("device").And.Contain("Sent").And.Contain(token[..6] + "...");
        lines[1].Text.Should().Contain("Unregistered");
        push.Logs.Entries.Should().NotContain(e => e.Text.Contains(token) || e.Text.Contains("SECRET-42"));
    }
}
