using Google.Apis.Auth.OAuth2;
using Google.Apis.Http;
using Google.Apis.Json;
using Google.Apis.Util;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Infrastructure.Billing.Google;

/// <summary>
/// The Play service account's OAuth2 access tokens (one instance per process), built the way
/// <see cref="Push.FcmCredential"/> is: from the key's own fields (only a <c>service_account</c> key, whose
/// <c>token_uri</c> is honoured), with the token cache on the injected clock and no retries of its own.
/// </summary>
internal sealed class GooglePlayCredential
{
    public const string Scope = "https://www.googleapis.com/auth/androidpublisher";

    private readonly ServiceAccountCredential _credential;

    public GooglePlayCredential(IOptions<GooglePlayOptions> options, TimeProvider time)
    {
        var settings = options.Value;
        var json = string.IsNullOrWhiteSpace(settings.ServiceAccountJson)
            ? File.ReadAllText(settings.ServiceAccountFile!)
            : settings.ServiceAccountJson;
        var key = NewtonsoftJsonSerializer.Instance.Deserialize<JsonCredentialParameters>(json);
        if (key is null || key.Type != JsonCredentialParameters.ServiceAccountCredentialType
            || string.IsNullOrWhiteSpace(key.ClientEmail) || string.IsNullOrWhiteSpace(key.PrivateKey))
        {
            throw new InvalidOperationException(
                $"{GooglePlayOptions.Section}: the service account JSON must be a \"service_account\" key with client_email and private_key.");
        }

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

    public Task<string> GetAccessTokenAsync(CancellationToken cancellationToken) =>
        _credential.GetAccessTokenForRequestAsync(authUri: null, cancellationToken);

    /// <summary>The API refused the token: fetch a new one.</summary>
    public Task RefreshAsync(CancellationToken cancellationToken) => _credential.RequestAccessTokenAsync(cancellationToken);

    private sealed class TimeProviderClock(TimeProvider time) : IClock
    {
        public DateTime Now => time.GetLocalNow().DateTime;

        public DateTime UtcNow => time.GetUtcNow().UtcDateTime;
    }
}
