using Google.Apis.Auth.OAuth2;
using LearningPlatform.Infrastructure.Security;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Infrastructure.Billing.Google;

/// <summary>
/// The Play service account's OAuth2 access tokens (one instance per process), built as the FCM adapter's are
/// (<see cref="GoogleServiceAccount"/>).
/// </summary>
internal sealed class GooglePlayCredential
{
    public const string Scope = "https://www.googleapis.com/auth/androidpublisher";

    private readonly ServiceAccountCredential _credential;

    public GooglePlayCredential(IOptions<GooglePlayOptions> options, TimeProvider time)
    {
        var settings = options.Value;
        var key = GoogleServiceAccount.ReadKey(settings.ServiceAccountJson, settings.ServiceAccountFile, GooglePlayOptions.Section);
        _credential = GoogleServiceAccount.Credential(key, Scope, time);
    }

    public Task<string> GetAccessTokenAsync(CancellationToken cancellationToken) =>
        _credential.GetAccessTokenForRequestAsync(authUri: null, cancellationToken);

    /// <summary>The API refused the token: fetch a new one.</summary>
    public Task RefreshAsync(CancellationToken cancellationToken) => _credential.RequestAccessTokenAsync(cancellationToken);
}
