using LearningPlatform.TestSupport;
using LearningPlatform.Application.Notifications;
using LearningPlatform.FakeFcm;
using LearningPlatform.Infrastructure.Push;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Infrastructure.IntegrationTests.Push;

public class PushRegistrationTests
{
    [Fact]
    public async Task Without_a_service_account_pushes_are_logged_and_reported_sent()
    {
        var logs = new CapturedLogs();
        await using var services = Build(new Dictionary<string, string?> { ["Push:Fcm:BaseUrl"] = "https://fcm.googleapis.com/" }, logs);
        var sender = services.GetRequiredService<IPushSender>();
        var token = PushHarness.DeviceToken();
        var message = PushHarness.Message(body: "Your coupon code is SECRET-42");

        var result = await sender.SendAsync(PushTarget.Device(token, DevicePlatform.Ios), message, CancellationToken.None);

        sender.Should().BeOfType<LogPushSender>();
        result.Outcome.Should().Be(PushOutcome.Sent);
        await sender.SendAsync(PushTarget.Device(token, DevicePlatform.Ios), message, CancellationToken.None);
        logs.Entries.Should().ContainSingle(e => e.Category.EndsWith(nameof(LogPushSender)) && e.Level == LogLevel.Warning,
            "an operator is told once that nothing reaches a phone");
        var line = logs.Entries.Where(e => e.Category.EndsWith(nameof(LogPushSender)) && e.Level == LogLevel.Information).First();
        line.Text.Should().Contain(message.MessageId).And.Contain(message.Title).And.Contain(message.Deeplink!).And.Contain("kind");
        line.Text.Should().NotContain(token).And.NotContain("SECRET-42");
    }

    [Fact]
    public async Task With_a_service_account_the_fcm_adapter_is_used()
    {
        await using var fcm = await FakeFcmServer.StartAsync();
        await using var services = Build(fcm.Configuration(), new CapturedLogs());

        var sender = services.GetRequiredService<IPushSender>();
        var result = await sender.SendAsync(PushTarget.ToTopic("all"), PushHarness.Message(), CancellationToken.None);

        sender.Should().NotBeOfType<LogPushSender>();
        result.Outcome.Should().Be(PushOutcome.Sent);
        fcm.Delivered.Should().ContainSingle();
    }

    [Fact]
    public async Task A_key_that_is_not_a_service_account_is_refused_when_the_sender_is_built()
    {
        await using var services = Build(new Dictionary<string, string?>
        {
            ["Push:Fcm:ServiceAccountJson"] = """{"type": "external_account", "audience": "x", "token_url": "http://127.0.0.1:1/"}""",
            ["Push:Fcm:ProjectId"] = "p",
        }, new CapturedLogs());

        var build = () => services.GetRequiredService<IPushSender>();

        build.Should().Throw<InvalidOperationException>().WithMessage("*service_account*");
    }

    private static ServiceProvider Build(IReadOnlyDictionary<string, string?> settings, CapturedLogs logs) =>
        new ServiceCollection()
            .AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Information))
            .AddPush(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
}
