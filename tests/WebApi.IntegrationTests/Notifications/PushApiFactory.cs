using LearningPlatform.FakeFcm;
using LearningPlatform.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using LearningPlatform.WebApi;

namespace LearningPlatform.WebApi.IntegrationTests.Notifications;

/// <summary>
/// The WebApi with the real FCM adapter pointed at a fake FCM of its own, the outbox dispatcher polling every fake
/// second, and no nightly job.
/// </summary>
public class PushApiFactory : LearningApiFactory
{
    private FakeFcmServer? _fcm;

    public FakeFcmServer Fcm => _fcm ?? throw new InvalidOperationException("Not initialised.");

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [.. Fcm.Configuration().Select(kv => KeyValuePair.Create(kv.Key, kv.Value!)), .. Common, .. MainInstance];

    /// <summary>Settings of the main instance only (not of <see cref="AnotherDispatcher"/>).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> MainInstance => [];

    private static IEnumerable<KeyValuePair<string, string>> Common =>
    [
        new("Ranking:Enabled", "false"),
        new("Outbox:PollInterval", "00:00:01"),
        new("Outbox:BaseBackoff", "00:00:01"),
        new("Outbox:MaxAttempts", "5"),
    ];

    /// <summary>A second WebApi instance with its own dispatcher, on the same database, fake FCM and clock.</summary>
    public WebApplicationFactory<WebApiHost> AnotherDispatcher() =>
        AnotherInstance([.. Fcm.Configuration().Select(kv => KeyValuePair.Create(kv.Key, kv.Value!)), .. Common]);

    public override async Task InitializeAsync()
    {
        _fcm = await FakeFcmServer.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_fcm is not null)
        {
            await _fcm.DisposeAsync();
        }
    }

    /// <summary>
    /// Moves the fake clock a second at a time (the dispatcher sleeps on it) until <paramref name="done"/> holds;
    /// bounded by <paramref name="seconds"/> of real time.
    /// </summary>
    public async Task DriveUntilAsync(Func<Task<bool>> done, string what, int seconds = 30, TimeSpan? step = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {seconds} s for {what}.");
            }

            Clock.Advance(step ?? TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }
    }
}

/// <summary>As <see cref="PushApiFactory"/>, but the main instance runs no dispatcher: the test starts and stops them.</summary>
public sealed class NoDispatcherPushApiFactory : PushApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> MainInstance => [new("Outbox:PollInterval", "00:00:00")];
}
