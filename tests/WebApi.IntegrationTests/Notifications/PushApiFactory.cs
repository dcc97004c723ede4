using LearningPlatform.TestSupport;
using LearningPlatform.WebApi;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LearningPlatform.WebApi.IntegrationTests.Notifications;

/// <summary>
/// The WebApi with the real FCM adapter pointed at a fake FCM of its own, the outbox dispatcher polling every fake
/// second, and no nightly job.
/// </summary>
public class PushApiFactory : FcmLearningApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [.. FcmSettings, .. Common, .. MainInstance];

    /// <summary>Settings of the main instance only (not of <see cref="AnotherDispatcher"/>).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> MainInstance => [];

    private static IEnumerable<KeyValuePair<string, string>> Common =>
    [
        new("Ranking:Enabled", "false"),
        new("Outbox:PollInterval", "00:00:01"),
        new("Outbox:BaseBackoff", "00:00:01"),
        new("Outbox:MaxAttempts", "5"),
    ];

    /// <summary>A second WebApi instance with its own dispatcher, on the same database, fake FCM and clock.</summary>
    public WebApplicationFactory<WebApiHost> AnotherDispatcher() => AnotherInstance([.. FcmSettings, .. Common]);
}

/// <summary>As <see cref="PushApiFactory"/>, but the main instance runs no dispatcher: the test starts and stops them.</summary>
public sealed class NoDispatcherPushApiFactory : PushApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> MainInstance => [new("Outbox:PollInterval", "00:00:00")];
}
