using LearningPlatform.FakeGooglePlay;
using LearningPlatform.Infrastructure.Billing.Google;
using LearningPlatform.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace LearningPlatform.Infrastructure.IntegrationTests.Billing;

/// <summary>The real Google Play adapter (<c>AddGooglePlay</c>) pointed at a fake of its own, on a fake clock shared with the fake.</summary>
internal sealed class GooglePlayHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    private GooglePlayHarness(FakeGooglePlayServer play, ServiceProvider services, FakeTimeProvider clock, CapturedLogs logs)
    {
        Play = play;
        _services = services;
        Clock = clock;
        Logs = logs;
    }

    public FakeGooglePlayServer Play { get; }
    public FakeTimeProvider Clock { get; }
    public CapturedLogs Logs { get; }
    public GooglePlayClient Client => _services.GetRequiredService<GooglePlayClient>();
    public PubSubPushAuthenticator Authenticator => _services.GetRequiredService<PubSubPushAuthenticator>();

    public static async Task<GooglePlayHarness> StartAsync(Action<IDictionary<string, string?>>? configure = null)
    {
        var clock = new FakeTimeProvider(Start);
        var play = await FakeGooglePlayServer.StartAsync(time: clock);
        var settings = new Dictionary<string, string?>(play.Configuration());
        configure?.Invoke(settings);
        var logs = new CapturedLogs();
        var services = new ServiceCollection()
            .AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Information))
            .AddSingleton<TimeProvider>(clock);
        services.AddGooglePlay(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).Should().BeTrue();
        return new GooglePlayHarness(play, services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }), clock, logs);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Play.DisposeAsync();
    }
}
