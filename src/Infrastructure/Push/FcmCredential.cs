using Google.Apis.Auth.OAuth2;
using LearningPlatform.Infrastructure.Security;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Infrastructure.Push;

/// <summary>
/// The service account's OAuth2 access tokens for FCM (one instance per process, so the token is shared by every send).
/// Google.Apis.Auth signs a JWT with the key, exchanges it at the key's <c>token_uri</c> (jwt-bearer grant) and caches
/// the token: a cached token is handed out until its refresh window (a few minutes before expiry, by the injected
/// clock), so a burst of sends costs one token request. How the credential is built: <see cref="GoogleServiceAccount"/>.
/// </summary>
internal sealed class FcmCredential
{
    public const string Scope = "https://www.googleapis.com/auth/firebase.messaging";

    private readonly ServiceAccountCredential _credential;

    public FcmCredential(IOptions<FcmOptions> options, TimeProvider time)
    {
        var settings = options.Value;
        var key = GoogleServiceAccount.ReadKey(settings.ServiceAccountJson, settings.ServiceAccountFile, FcmOptions.Section);
        ProjectId = string.IsNullOrWhiteSpace(settings.ProjectId) ? key.ProjectId ?? "" : settings.ProjectId;
        if (ProjectId.Length == 0)
        {
            throw new InvalidOperationException($"{FcmOptions.Section}:ProjectId is not set and the service account has no project_id.");
        }

        _credential = GoogleServiceAccount.Credential(key, Scope, time);
    }

    public string ProjectId { get; }

    public Task<string> GetAccessTokenAsync(CancellationToken cancellationToken) =>
        _credential.GetAccessTokenForRequestAsync(authUri: null, cancellationToken);

    /// <summary>FCM refused the token (revoked, or expired early by clock skew): fetch a new one for the next send.</summary>
    public Task RefreshAsync(CancellationToken cancellationToken) => _credential.RequestAccessTokenAsync(cancellationToken);
}
