using LearningPlatform.Application.Notifications;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Infrastructure.Push;

/// <summary>
/// Used when no FCM service account is configured: logs what would be sent and reports it sent, so the service and
/// its outbox run offline. Body and data values are left out of the log (only the keys), as in the real adapter.
/// </summary>
public sealed class LogPushSender(ILogger<LogPushSender> logger) : IPushSender
{
    private int _warned;

    public Task<PushResult> SendAsync(PushTarget target, PushMessage message, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _warned, 1) == 0)
        {
            // Fine on a laptop; in production it means no phone hears anything, so say it loudly once.
            logger.LogWarning("Push:Fcm has no service account: pushes are NOT sent, only written to this log");
        }

        logger.LogInformation(
            "Push {MessageId} to {TargetKind} {Target} (log only, FCM not configured): \"{Title}\" deeplink {Deeplink}, data keys [{DataKeys}], collapse key {CollapseKey}, ttl {TimeToLive}",
            message.MessageId, target.Topic is null ? "device" : "topic", PushTargets.Describe(target), message.Title,
            message.Deeplink, string.Join(", ", message.Data.Keys), message.CollapseKey, message.TimeToLive);
        return Task.FromResult(new PushResult(PushOutcome.Sent, ProviderMessageId: $"log/{message.MessageId}"));
    }
}
