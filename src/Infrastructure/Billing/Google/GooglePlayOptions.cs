namespace LearningPlatform.Infrastructure.Billing.Google;

/// <summary>
/// <c>Billing:Google</c>. Without a service account (<see cref="ServiceAccountJson"/> or <see cref="ServiceAccountFile"/>)
/// Google Play purchases and notifications are refused (the store is not configured) and voided purchases are not polled.
/// </summary>
public sealed class GooglePlayOptions
{
    public const string Section = "Billing:Google";

    /// <summary>The app's package name; every API call names it, and a notification for another package is refused.</summary>
    public string PackageName { get; set; } = "";

    /// <summary>Where the Play Developer API lives; tests point it at a local fake.</summary>
    public string BaseUrl { get; set; } = "https://androidpublisher.googleapis.com/";

    /// <summary>
    /// A service-account key (JSON) with the "View financial data" and "Manage orders and subscriptions" permissions in
    /// the Play Console. Its <c>token_uri</c> is where access tokens are fetched (tests point it at a local fake).
    /// </summary>
    public string? ServiceAccountJson { get; set; }

    /// <summary>A path to the same JSON, for when the key is mounted as a file. <see cref="ServiceAccountJson"/> wins.</summary>
    public string? ServiceAccountFile { get; set; }

    /// <summary>How long one API call may take, access token and retries included.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often voided purchases (refunds, chargebacks, revocations) are polled; zero turns the poll off.</summary>
    public TimeSpan VoidedPurchasesInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How far back each poll looks (Google keeps 30 days). Overlapping polls are harmless: applying a void twice changes nothing.</summary>
    public TimeSpan VoidedPurchasesLookback { get; set; } = TimeSpan.FromDays(3);

    /// <summary>
    /// How often purchases whose acknowledge failed are tried again (Play refunds a purchase left unacknowledged for
    /// three days); zero turns the sweep off.
    /// </summary>
    public TimeSpan AcknowledgeSweepInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Whether purchases by license testers (<c>testPurchase</c>, no money moves) entitle; off in production.</summary>
    public bool AcceptTestPurchases { get; set; }

    public PubSubPushOptions PubSub { get; set; } = new();

    public bool HasCredentials =>
        !string.IsNullOrWhiteSpace(ServiceAccountJson) || !string.IsNullOrWhiteSpace(ServiceAccountFile);
}

/// <summary>
/// <c>Billing:Google:PubSub</c>: what a real-time developer notification's push must carry. Pub/Sub signs an OIDC ID
/// token for the push subscription's service account; it is accepted only with this issuer, audience and
/// <c>email</c> (verified), signed by a key from <see cref="JwksUrl"/>.
/// </summary>
public sealed class PubSubPushOptions
{
    public string Issuer { get; set; } = "https://accounts.google.com";

    /// <summary>The audience set on the push subscription (by default Pub/Sub uses the push endpoint's URL).</summary>
    public string Audience { get; set; } = "";

    /// <summary>The service account the push subscription authenticates as.</summary>
    public string ServiceAccountEmail { get; set; } = "";

    public string JwksUrl { get; set; } = "https://www.googleapis.com/oauth2/v3/certs";

    /// <summary>How long fetched keys are used before they are fetched again (Google rotates them over days).</summary>
    public TimeSpan JwksCacheLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Tolerated clock difference for <c>exp</c>/<c>iat</c>.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(2);
}
