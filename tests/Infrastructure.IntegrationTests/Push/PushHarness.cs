using System.Collections.Concurrent;
using LearningPlatform.Application.Notifications;
using LearningPlatform.FakeFcm;
using LearningPlatform.Infrastructure.Push;
using LearningPlatform.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace LearningPlatform.Infrastructure.IntegrationTests.Push;

/// <summary>The real push adapter (<c>AddPush</c>) pointed at a fake FCM of its own, on a fake clock, with its logs captured.</summary>
internal sealed class PushHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    private PushHarness(FakeFcmServer fcm, ServiceProvider services, FakeTimeProvider clock, CapturedLogs logs)
    {
        Fcm = fcm;
        _services = services;
        Clock = clock;
        Logs = logs;
    }

    public FakeFcmServer Fcm { get; }
    public FakeTimeProvider Clock { get; }
    public CapturedLogs Logs { get; }
    public IPushSender Sender => _services.GetRequiredService<IPushSender>();

    /// <param name="configure">Changes to the adapter's settings (keys under <c>Push:Fcm</c>) before it is built.</param>
    public static async Task<PushHarness> StartAsync(Action<FakeFcmServer, IDictionary<string, string?>>? configure = null)
    {
        var fcm = await FakeFcmServer.StartAsync();
        var settings = new Dictionary<string, string?>(fcm.Configuration());
        configure?.Invoke(fcm, settings);
        var clock = new FakeTimeProvider(Start);
        var logs = new CapturedLogs();
        var services = new ServiceCollection()
            .AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Information))
            .AddSingleton<TimeProvider>(clock)
            .AddPush(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new PushHarness(fcm, services, clock, logs);
    }

    public Task<PushResult> SendAsync(PushTarget target, PushMessage message) =>
        Sender.SendAsync(target, message, CancellationToken.None);

    public static PushMessage Message(
        string? id = null, string title = "You placed 2nd", string body = "50 coins are yours.",
        string? deeplink = "learning://exams/0b7c3e52-5d1e-4f7a-9a57-3f0d2c6a1e01/result",
        IReadOnlyDictionary<string, string>? data = null, string collapseKey = "exam-result",
        TimeSpan? timeToLive = null) =>
        new(id ?? Guid.NewGuid().ToString(), title, body, deeplink,
            data ?? new Dictionary<string, string> { ["kind"] = "exam.result" }, collapseKey,
            timeToLive ?? TimeSpan.FromHours(1));

    /// <summary>A token shaped like an FCM registration token (about 160 characters).</summary>
    public static string DeviceToken() =>
        $"f{Guid.NewGuid():N}:APA91b{Convert.ToBase64String(Guid.NewGuid().ToByteArray())}{new string('x', 100)}";

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Fcm.DisposeAsync();
    }
}
