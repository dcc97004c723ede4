using LearningPlatform.Application.Billing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Infrastructure.Billing.Google;

public static class GooglePlayRegistration
{
    /// <summary>
    /// Google Play as a store (<see cref="IStorePurchaseVerifier"/>, <see cref="IStoreNotificationVerifier"/>, the voided
    /// purchases poll's service) when <c>Billing:Google</c> has a service account; otherwise Google purchases and
    /// notifications are answered <c>billing.store_unsupported</c>.
    /// </summary>
    public static IServiceCollection AddGooglePlayStore(this IServiceCollection services, IConfiguration configuration)
    {
        if (!services.AddGooglePlay(configuration))
        {
            return services;
        }

        // Scoped: it records purchase tokens in the request's LearningDbContext.
        services.AddScoped<GooglePlayStore>();
        services.AddScoped<IStorePurchaseVerifier>(sp => sp.GetRequiredService<GooglePlayStore>());
        services.AddScoped<IStoreNotificationVerifier>(sp => sp.GetRequiredService<GooglePlayStore>());
        services.AddScoped<GoogleVoidedPurchases>();
        return services;
    }

    /// <summary>
    /// The voided purchases poll and the acknowledge sweep, when Google Play is configured and their intervals
    /// (<c>VoidedPurchasesInterval</c>, <c>AcknowledgeSweepInterval</c>) are positive.
    /// </summary>
    public static IServiceCollection AddGooglePlayJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(GooglePlayOptions.Section).Get<GooglePlayOptions>() ?? new GooglePlayOptions();
        if (options.HasCredentials && options.VoidedPurchasesInterval > TimeSpan.Zero)
        {
            services.AddHostedService<GoogleVoidedPurchasePoll>();
        }

        if (options.HasCredentials && options.AcknowledgeSweepInterval > TimeSpan.Zero)
        {
            services.AddHostedService<GoogleAcknowledgeSweep>();
        }

        return services;
    }

    /// <summary>
    /// The Google Play adapter (<see cref="GooglePlayClient"/>, the Pub/Sub push authenticator and its key cache), all
    /// singletons, when <c>Billing:Google</c> has a service account; its settings are checked at start. Returns whether it
    /// was registered.
    /// </summary>
    public static bool AddGooglePlay(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(GooglePlayOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        if (!(section.Get<GooglePlayOptions>() ?? new GooglePlayOptions()).HasCredentials)
        {
            return false;
        }

        services.AddOptions<GooglePlayOptions>()
            .Bind(section)
            .Validate(o => IsHttpUrl(o.BaseUrl), $"{GooglePlayOptions.Section}:BaseUrl must be an absolute http(s) URL.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.PackageName), $"{GooglePlayOptions.Section}:PackageName must name the app.")
            .Validate(o => o.RequestTimeout > TimeSpan.Zero, $"{GooglePlayOptions.Section}:RequestTimeout must be positive.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ServiceAccountJson) || File.Exists(o.ServiceAccountFile),
                $"{GooglePlayOptions.Section}:ServiceAccountFile does not exist.")
            .Validate(o => o.AcknowledgeSweepInterval >= TimeSpan.Zero,
                $"{GooglePlayOptions.Section}:AcknowledgeSweepInterval must not be negative.")
            .Validate(o => o.VoidedPurchasesInterval >= TimeSpan.Zero
                           && o.VoidedPurchasesLookback > TimeSpan.Zero && o.VoidedPurchasesLookback <= TimeSpan.FromDays(30),
                $"{GooglePlayOptions.Section}:VoidedPurchasesInterval must not be negative and VoidedPurchasesLookback must be within 30 days.")
            // Without these every push would be refused; an empty audience or email must never mean "any".
            .Validate(o => !string.IsNullOrWhiteSpace(o.PubSub.Audience) && !string.IsNullOrWhiteSpace(o.PubSub.ServiceAccountEmail)
                           && !string.IsNullOrWhiteSpace(o.PubSub.Issuer) && IsHttpUrl(o.PubSub.JwksUrl),
                $"{GooglePlayOptions.Section}:PubSub needs Audience, ServiceAccountEmail, Issuer and an http(s) JwksUrl.")
            .Validate(o => o.PubSub.JwksCacheLifetime >= TimeSpan.FromMinutes(1) && o.PubSub.ClockSkew >= TimeSpan.Zero
                           && o.PubSub.ClockSkew <= TimeSpan.FromMinutes(10),
                $"{GooglePlayOptions.Section}:PubSub:JwksCacheLifetime must be at least a minute and ClockSkew 0..10 minutes.")
            .ValidateOnStart();
        services.AddSingleton<GooglePlayCredential>();
        // Named clients created per call (the adapter is a singleton), as the FCM adapter does.
        services.AddHttpClient(GooglePlayClient.HttpClientName, (sp, client) =>
        {
            var baseUrl = sp.GetRequiredService<IOptions<GooglePlayOptions>>().Value.BaseUrl;
            client.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
            // The client's own deadline (RequestTimeout) covers the token, the call and its retries.
            client.Timeout = Timeout.InfiniteTimeSpan;
            client.MaxResponseContentBufferSize = 4 * 1024 * 1024;
        });
        services.AddHttpClient(GoogleOidcKeys.HttpClientName, client =>
        {
            client.Timeout = TimeSpan.FromSeconds(10);
            client.MaxResponseContentBufferSize = 256 * 1024;
        });
        services.AddSingleton<GooglePlayClient>();
        services.AddSingleton<GoogleOidcKeys>();
        services.AddSingleton<PubSubPushAuthenticator>();
        return true;
    }

    private static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
