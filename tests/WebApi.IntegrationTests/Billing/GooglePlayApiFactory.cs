using LearningPlatform.FakeGooglePlay;
using LearningPlatform.TestSupport;

namespace LearningPlatform.WebApi.IntegrationTests.Billing;

/// <summary>
/// The WebApi with the real Google Play adapter pointed at a fake Play of its own (started first, on the host's fake
/// clock, stopped last), the voided purchases poll every fake minute, and no nightly job.
/// </summary>
public sealed class GooglePlayApiFactory : LearningApiFactory
{
    private FakeGooglePlayServer? _play;

    public FakeGooglePlayServer Play => _play ?? throw new InvalidOperationException("Not initialised.");

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        .. Play.Configuration().Select(kv => KeyValuePair.Create(kv.Key, kv.Value!)),
        new("Billing:Google:VoidedPurchasesInterval", "00:01:00"),
        new("Ranking:Enabled", "false"),
    ];

    public override async Task InitializeAsync()
    {
        _play = await FakeGooglePlayServer.StartAsync(time: Clock);
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_play is not null)
        {
            await _play.DisposeAsync();
        }
    }
}
