using LearningPlatform.Application.Billing;
using LearningPlatform.Infrastructure.Billing.Google;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Infrastructure.Billing;

internal static class BillingRegistration
{
    /// <summary>
    /// Entitlements (cached) and the stores' verifiers. The App Store is on when <c>Billing:Apple:BundleId</c> is set;
    /// its pinned root and settings are checked at start-up.
    /// </summary>
    public static IServiceCollection AddBilling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IEntitlements, CachedEntitlements>();

        services.AddOptions<AppleStoreOptions>().Bind(configuration.GetSection(AppleStoreOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AppleStoreOptions>, AppleStoreOptionsValidation>();
        if (configuration.GetSection(AppleStoreOptions.Section).Get<AppleStoreOptions>() is { Enabled: true })
        {
            services.AddSingleton<AppleRootCertificate>();
            services.AddSingleton<AppleJwsVerifier>();
            services.AddSingleton<AppleStore>();
            services.AddSingleton<IStorePurchaseVerifier>(sp => sp.GetRequiredService<AppleStore>());
            services.AddSingleton<IStoreNotificationVerifier>(sp => sp.GetRequiredService<AppleStore>());
        }

        services.AddGooglePlayStore(configuration);
        return services;
    }
}
