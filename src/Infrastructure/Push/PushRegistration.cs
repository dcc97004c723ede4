using LearningPlatform.Application.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Infrastructure.Push;

public static class PushRegistration
{
    /// <summary>
    /// <see cref="IPushSender"/>: FCM HTTP v1 when <c>Push:Fcm</c> has a service account (<c>ServiceAccountJson</c> or
    /// <c>ServiceAccountFile</c>), otherwise <see cref="LogPushSender"/>. Both are singletons.
    /// </summary>
    public static IServiceCollection AddPush(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(FcmOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        if (!(section.Get<FcmOptions>() ?? new FcmOptions()).HasCredentials)
        {
            services.AddSingleton<IPushSender, LogPushSender>();
            return services;
        }

        services.AddOptions<FcmOptions>()
            .Bind(section)
            .Validate(o => Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https",
                $"{FcmOptions.Section}:BaseUrl must be an absolute http(s) URL.")
            .Validate(o => o.RequestTimeout > TimeSpan.Zero, $"{FcmOptions.Section}:RequestTimeout must be positive.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ServiceAccountJson) || File.Exists(o.ServiceAccountFile),
                $"{FcmOptions.Section}:ServiceAccountFile does not exist.")
            .ValidateOnStart();
        services.AddSingleton<FcmCredential>();
        // A named client created per send (not a typed client): the sender is a singleton, and a typed client held by
        // a singleton would keep one handler forever and never see DNS changes.
        services.AddHttpClient(FcmPushSender.HttpClientName, (sp, client) =>
        {
            var baseUrl = sp.GetRequiredService<IOptions<FcmOptions>>().Value.BaseUrl;
            client.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
            // The sender's own deadline covers the access token and the send; this one would only cut it short.
            client.Timeout = Timeout.InfiniteTimeSpan;
            client.MaxResponseContentBufferSize = 1024 * 1024;
        });
        services.AddSingleton<IPushSender, FcmPushSender>();
        return services;
    }
}
