using Google.Apis.Auth.OAuth2;
using Google.Apis.Http;
using Google.Apis.Json;
using Google.Apis.Util;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Infrastructure.Push;

/// <summary>
/// The service account's OAuth2 access tokens for FCM (one instance per process, so the token is shared by every send).
/// Google.Apis.Auth signs a JWT with the key, exchanges it at the key's <c>token_uri</c> (jwt-bearer grant) and caches
/// the token: a cached token is handed out until its refresh window (a few minutes before expiry, by the injected
/// clock), so a burst of sends costs one token request.
/// </summary>
internal sealed class FcmCredential
{
    public const string Scope = "https://www.googleapis.com/auth/firebase.messaging";

    private readonly ServiceAccountCredential _credential;

    public FcmCredential(IOptions<FcmOptions> options, TimeProvider time)
    {
        var settings = options.Value;
        var json = string.IsNullOrWhiteSpace(settings.ServiceAccountJson)
            ? File.ReadAllText(settings.ServiceAccountFile!)
            : settings.ServiceAccountJson;
        var key = NewtonsoftJsonSerializer.Instance.Deserialize<JsonCredentialParameters>(json);
        // Only a service-account key: any other credential type (external account, user) could make the library call
        // out to URLs named in the file, which a configuration value should not be able to do.
        if (key is null || key.Type != JsonCredentialParameters.ServiceAccountCredentialType
            || string.IsNullOrWhiteSpace(key.ClientEmail) || string.IsNullOrWhiteSpace(key.PrivateKey))
        {
            throw new InvalidOperationException(
                $"{FcmOptions.Section}: the service account JSON must be a \"service_account\" key with client_email and private_key.");
        }

        ProjectId = string.IsNullOrWhiteSpace(settings.ProjectId) ? key.ProjectId ?? "" : settings.ProjectId;
        if (ProjectId.Length == 0)
        {
            throw new InvalidOperationException($"{FcmOptions.Section}:ProjectId is not set and the service account has no project_id.");
        }

        // Built from the key's fields rather than CredentialFactory so that the token cache runs on the injected clock
        // (tests move it past the refresh window). The token request itself is not retried here either: a failed send
        // is the outbox dispatcher's to retry.
        _credential = new ServiceAccountCredential(
            new ServiceAccountCredential.Initializer(key.ClientEmail, key.TokenUri ?? GoogleAuthConsts.OidcTokenUrl)
            {
                ProjectId = key.ProjectId,
                KeyId = key.PrivateKeyId,
                Scopes = [Scope],
                Clock = new TimeProviderClock(time),
                DefaultExponentialBackOffPolicy = ExponentialBackOffPolicy.None,
            }.FromPrivateKey(key.PrivateKey));
    }

    public string ProjectId { get; }

    public Task<string> GetAccessTokenAsync(CancellationToken cancellationToken) =>
        _credential.GetAccessTokenForRequestAsync(authUri: null, cancellationToken);

    /// <summary>FCM refused the token (revoked, or expired early by clock skew): fetch a new one for the next send.</summary>
    public Task RefreshAsync(CancellationToken cancellationToken) => _credential.RequestAccessTokenAsync(cancellationToken);

    private sealed class TimeProviderClock(TimeProvider time) : IClock
    {
        public DateTime Now => time.GetLocalNow().DateTime;

        public DateTime UtcNow => time.GetUtcNow().UtcDateTime;
    }
}
