using Google.Apis.Auth.OAuth2;
using Google.Apis.Http;
using Google.Apis.Json;
using Google.Apis.Util;

namespace LearningPlatform.Infrastructure.Security;

/// <summary>
/// A Google service account's OAuth2 credential, shared by the FCM and Play adapters. Built from the key's own fields
/// rather than CredentialFactory, so that the token cache runs on the injected clock (tests move it past the refresh
/// window) and the key's <c>token_uri</c> is honoured (tests point it at a local fake). Only a <c>service_account</c>
/// key is accepted: any other credential type (external account, user) could make the library call out to URLs named
/// in the file, which a configuration value should not be able to do. The token request is not retried here: each
/// caller has its own retry (the outbox dispatcher, the Play client's resilience).
/// </summary>
internal static class GoogleServiceAccount
{
    /// <summary>The key from inline JSON, else from the file; refused unless it is a service-account key.</summary>
    public static JsonCredentialParameters ReadKey(string? json, string? file, string section)
    {
        var text = string.IsNullOrWhiteSpace(json) ? File.ReadAllText(file!) : json;
        var key = NewtonsoftJsonSerializer.Instance.Deserialize<JsonCredentialParameters>(text);
        if (key is null || key.Type != JsonCredentialParameters.ServiceAccountCredentialType
            || string.IsNullOrWhiteSpace(key.ClientEmail) || string.IsNullOrWhiteSpace(key.PrivateKey))
        {
            throw new InvalidOperationException(
                $"{section}: the service account JSON must be a \"service_account\" key with client_email and private_key.");
        }

        return key;
    }

    /// <summary>The credential for <paramref name="scope"/>: a cached token is handed out until its refresh window.</summary>
    public static ServiceAccountCredential Credential(JsonCredentialParameters key, string scope, TimeProvider time) =>
        new(new ServiceAccountCredential.Initializer(key.ClientEmail, key.TokenUri ?? GoogleAuthConsts.OidcTokenUrl)
        {
            ProjectId = key.ProjectId,
            KeyId = key.PrivateKeyId,
            Scopes = [scope],
            Clock = new TimeProviderClock(time),
            DefaultExponentialBackOffPolicy = ExponentialBackOffPolicy.None,
        }.FromPrivateKey(key.PrivateKey));

    private sealed class TimeProviderClock(TimeProvider time) : IClock
    {
        public DateTime Now => time.GetLocalNow().DateTime;

        public DateTime UtcNow => time.GetUtcNow().UtcDateTime;
    }
}
