using LearningPlatform.FakeFcm;

namespace LearningPlatform.TestSupport;

/// <summary>
/// The WebApi with the real FCM adapter pointed at a fake FCM server of its own (started first, stopped last), and a
/// way to move the fake clock until background work is done.
/// </summary>
public class FcmLearningApiFactory : LearningApiFactory
{
    private FakeFcmServer? _fcm;

    public FcmLearningApiFactory() : this(kestrel: false)
    {
    }

    protected FcmLearningApiFactory(bool kestrel) : base(kestrel)
    {
    }

    public FakeFcmServer Fcm => _fcm ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>The adapter's settings for <see cref="Fcm"/>.</summary>
    protected IEnumerable<KeyValuePair<string, string>> FcmSettings =>
        Fcm.Configuration().Select(kv => KeyValuePair.Create(kv.Key, kv.Value!));

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
    /// Moves the fake clock a step at a time (background jobs sleep on it) until <paramref name="done"/> holds;
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
