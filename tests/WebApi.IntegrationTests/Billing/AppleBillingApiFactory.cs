using LearningPlatform.TestSupport;

namespace LearningPlatform.WebApi.IntegrationTests.Billing;

/// <summary>The WebApi with the App Store on (Production), pinning a test root generated for this class instead of Apple's.</summary>
public sealed class AppleBillingApiFactory : LearningApiFactory
{
    private readonly string _rootPath;

    public AppleBillingApiFactory() => _rootPath = Apple.WriteRoot();

    /// <summary>The App Store's stand-in: its root is the pinned one.</summary>
    public AppleTestChain Apple { get; } = AppleTestChain.Create();

    protected override IEnumerable<KeyValuePair<string, string>> Settings => AppleSettings;

    /// <summary>This class's settings, for another instance to start from (<c>AnotherInstance</c> takes only what it is given).</summary>
    public KeyValuePair<string, string>[] AppleSettings =>
    [
        new("Ranking:Enabled", "false"),
        new("Billing:Apple:BundleId", ApplePayloads.BundleId),
        new("Billing:Apple:Environment", "Production"),
        new("Billing:Apple:AppAppleId", ApplePayloads.AppAppleId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Billing:Apple:RootCertificatePath", _rootPath),
        new("Billing:Apple:RootCertificateSha256", Apple.RootSha256),
        new("Billing:Apple:OnlineRevocationCheck", "false"),
    ];

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Apple.Dispose();
        File.Delete(_rootPath);
    }
}
