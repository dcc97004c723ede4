using LearningPlatform.Application.Notifications;

namespace LearningPlatform.Infrastructure.Push;

internal static class PushTargets
{
    /// <summary>For logs: the topic, or the platform and a device token cut to its ends (a token is a credential to the device).</summary>
    public static string Describe(PushTarget target) =>
        target.Topic ?? $"{target.Platform} {Mask(target.DeviceToken)}";

    public static string Mask(string? token) =>
        token is null ? "(none)" : token.Length <= 12 ? "***" : $"{token[..6]}...{token[^4..]}";
}
