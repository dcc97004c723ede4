using System.Diagnostics;
using System.Text.Json;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Application.Notifications;

/// <summary>
/// One round of the outbox dispatcher: claims a batch, pushes each message (a topic message once, with a dispatch
/// audit row; a personal one to each of the learner's enabled devices not reached yet), and records the outcome:
/// sent; retried later with exponential backoff and full jitter (no sooner than the provider's Retry-After); or
/// dead-lettered (not retryable, or out of tries). UNREGISTERED disables the device. Each message is saved on its own,
/// so a crash loses at most the one in flight, which is resent after its lease with the same message id.
/// </summary>
public sealed class DispatchOutbox(
    ILearningDb db, IOutboxClaims claims, IPushSender sender, TimeProvider clock, Random random, IOptions<OutboxOptions> options,
    LearningMetrics metrics, ILogger<DispatchOutbox> logger)
{
    private static readonly TimeSpan ResultTtl = TimeSpan.FromDays(1);
    private static readonly TimeSpan RewardTtl = TimeSpan.FromDays(7);

    public async Task<int> HandleAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        db.Reset();
        var batch = await claims.ClaimAsync(settings.BatchSize, now, now + settings.ClaimLease, cancellationToken);
        var leaseEnd = now + settings.ClaimLease;
        var done = 0;
        var reset = false;
        foreach (var claimed in batch)
        {
            // After a failure cleared the unit of work, the next messages are read again (tracked, with their version).
            var message = reset ? await db.Outbox.SingleAsync(m => m.Id == claimed.Id, CancellationToken.None) : claimed;
            if (message.Status != OutboxStatus.Pending)
            {
                done++;
                continue;
            }

            // Stop while the claim is still ours: past it, another dispatcher may take these messages.
            if (cancellationToken.IsCancellationRequested || clock.GetUtcNow() > leaseEnd - settings.ClaimLease / 4)
            {
                break;
            }

            // A message once started is finished (its push and its record), even while the instance stops: cutting it
            // between FCM's accept and our save would send it again.
            try
            {
                await DispatchAsync(message, settings, CancellationToken.None);
            }
            catch (DbUpdateConcurrencyException)
            {
                logger.LogWarning("Outbox message {MessageId} was taken over by another dispatcher (its claim expired); its record stands", message.Id);
                db.Reset();
                reset = true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One message's failure does not hold up the batch; this one comes back when its lease ends.
                logger.LogError(ex, "Outbox message {MessageId} could not be dispatched; retried after its lease", message.Id);
                db.Reset();
                reset = true;
            }

            done++;
        }

        if (done < batch.Count)
        {
            // Stopping (or out of lease): hand the rest back now rather than after the lease.
            var rest = batch.Skip(done).Select(m => m.Id).ToList();
            db.Reset();
            foreach (var message in await db.Outbox.Where(m => rest.Contains(m.Id) && m.Status == OutboxStatus.Pending).ToListAsync(CancellationToken.None))
            {
                message.ReleaseClaim(clock.GetUtcNow());
            }

            try
            {
                await db.SaveChangesAsync(CancellationToken.None);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another dispatcher took some of them meanwhile: they are in good hands.
            }
        }

        if (metrics.BacklogDue && !cancellationToken.IsCancellationRequested)
        {
            await CountBacklogAsync(cancellationToken);
        }

        return done;
    }

    /// <summary>For the backlog gauges: PENDING messages (the due index's rows) and the oldest one's creation.</summary>
    private async Task CountBacklogAsync(CancellationToken cancellationToken)
    {
        var pending = db.Outbox.AsNoTracking().Where(m => m.Status == OutboxStatus.Pending);
        metrics.OutboxBacklogCounted(
            await pending.CountAsync(cancellationToken),
            await pending.MinAsync(m => (DateTimeOffset?)m.CreatedAt, cancellationToken));
    }

    private async Task DispatchAsync(OutboxMessage message, OutboxOptions settings, CancellationToken cancellationToken)
    {
        PushMessage push;
        PushPayload payload;
        try
        {
            payload = PushPayload.FromJson(message.Payload);
            push = ToPush(message, payload);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // A payload no push can be made of never will be: dead-letter it now.
            message.Failed($"Unreadable payload: {ex.Message}", clock.GetUtcNow(), settings.MaxAttempts, retryable: false, []);
            logger.LogError(ex, "ALERT outbox message {MessageId} ({Type}) dead-lettered: unreadable payload", message.Id, message.Type);
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        // The push continues the trace of the request that wrote the message (its FCM calls become this span's children).
        using var span = StartSpan(message, payload);
        var delivered = new List<Guid>();
        PushResult? retry = null;
        PushResult? rejected = null;
        var reached = 0;
        if (message.Topic is { } topic)
        {
            var result = await sender.SendAsync(PushTarget.ToTopic(topic), push, cancellationToken);
            metrics.PushSent(result.Outcome.ToString().ToLowerInvariant());
            switch (result.Outcome)
            {
                case PushOutcome.Sent:
                    db.Dispatches.Add(NotificationDispatch.Of(message.Id, topic, result.ProviderMessageId, clock.GetUtcNow()));
                    break;
                case PushOutcome.Retry:
                    retry = result;
                    break;
                default:
                    rejected = result;
                    break;
            }
        }
        else
        {
            var devices = await db.Devices
                .Where(d => d.LearnerId == message.LearnerId && d.DisabledAt == null && !message.DeliveredDeviceIds.Contains(d.Id))
                .ToListAsync(cancellationToken);
            foreach (var device in devices)
            {
                var platform = device.Platform == Domain.Notifications.DevicePlatform.Ios ? DevicePlatform.Ios : DevicePlatform.Android;
                var result = await sender.SendAsync(PushTarget.Device(device.Token, platform), push, cancellationToken);
                metrics.PushSent(result.Outcome.ToString().ToLowerInvariant());
                switch (result.Outcome)
                {
                    case PushOutcome.Sent:
                        delivered.Add(device.Id);
                        reached++;
                        break;
                    case PushOutcome.Unregistered:
                        device.Disable("FCM: UNREGISTERED", clock.GetUtcNow());
                        delivered.Add(device.Id); // nothing more to do for it
                        logger.LogInformation("Device {DeviceId} of learner {LearnerId} disabled: FCM says UNREGISTERED", device.Id, device.LearnerId);
                        break;
                    case PushOutcome.Rejected:
                        delivered.Add(device.Id); // never retried
                        rejected = result;
                        logger.LogError("ALERT push {MessageId} to device {DeviceId} rejected: {Error}", message.Id, device.Id, result.Error);
                        break;
                    default:
                        retry = Later(retry, result);
                        break;
                }
            }
        }

        var now = clock.GetUtcNow();
        if (retry is not null)
        {
            var retryAt = now + Backoff(message.Attempts + 1, settings, retry.RetryAfter, random);
            message.Failed(retry.Error ?? "retry", retryAt, settings.MaxAttempts, retryable: true, delivered);
            LogFailure(message, retry, retryAt);
        }
        else if (rejected is not null && reached == 0)
        {
            // Refused for every device it was tried on (or for its topic): the message itself is wrong.
            message.Failed(rejected.Error ?? rejected.Outcome.ToString(), now, settings.MaxAttempts, retryable: false, delivered);
            logger.LogError("ALERT outbox message {MessageId} ({Type}) dead-lettered: {Outcome} {Error}", message.Id, message.Type, rejected.Outcome, rejected.Error);
        }
        else
        {
            message.Delivered(now);
            logger.LogInformation("Outbox message {MessageId} ({Type}) sent to {Target}", message.Id, message.Type,
                message.Topic is null ? $"{delivered.Count} devices" : $"topic {message.Topic}");
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private void LogFailure(OutboxMessage message, PushResult retry, DateTimeOffset retryAt)
    {
        if (message.Status == OutboxStatus.DeadLettered)
        {
            logger.LogError("ALERT outbox message {MessageId} ({Type}) dead-lettered after {Attempts} tries: {Error}",
                message.Id, message.Type, message.Attempts, retry.Error);
        }
        else
        {
            logger.LogWarning("Outbox message {MessageId} ({Type}) try {Attempts} failed ({Error}); next at {RetryAt:O}",
                message.Id, message.Type, message.Attempts, retry.Error, retryAt);
        }
    }

    private static PushResult Later(PushResult? current, PushResult next) =>
        current is null || (next.RetryAfter ?? TimeSpan.Zero) > (current.RetryAfter ?? TimeSpan.Zero) ? next : current;

    /// <summary>Full jitter over an exponential cap, and never sooner than the provider asked.</summary>
    internal static TimeSpan Backoff(int attempt, OutboxOptions settings, TimeSpan? retryAfter, Random random)
    {
        var cap = Math.Min(settings.MaxBackoff.TotalMilliseconds, settings.BaseBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20)));
        var jittered = TimeSpan.FromMilliseconds(random.NextDouble() * cap);
        return retryAfter is { } asked && asked > jittered ? asked : jittered;
    }

    /// <summary>
    /// A newer notice about the same thing replaces an older one on an offline phone (Android collapse_key,
    /// apns-collapse-id): per reward, per exam, or per broadcast type; never across two different exams or rewards.
    /// </summary>
    private static string CollapseKeyOf(string type, IReadOnlyDictionary<string, string> data) =>
        data.TryGetValue("rewardId", out var reward) ? $"reward-{reward}"
        : data.TryGetValue("examId", out var exam) ? $"exam-{exam}"
        : type;

    private static Activity? StartSpan(OutboxMessage message, PushPayload payload)
    {
        if (!LearningMetrics.Activities.HasListeners())
        {
            return null;
        }

        ActivityContext.TryParse(payload.TraceParent, null, isRemote: true, out var parent);
        var span = LearningMetrics.Activities.StartActivity("outbox.dispatch", ActivityKind.Consumer, parent);
        span?.SetTag("lp.outbox.message_id", message.Id.ToString());
        span?.SetTag("lp.outbox.type", message.Type);
        span?.SetTag("lp.outbox.attempt", message.Attempts + 1);
        return span;
    }

    private static PushMessage ToPush(OutboxMessage message, PushPayload payload)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal) { ["type"] = message.Type };
        foreach (var (key, value) in payload.Data)
        {
            if (value is not null)
            {
                data[key] = value;
            }
        }

        return new PushMessage(
            message.Id.ToString(),
            payload.Title,
            payload.Body,
            payload.Deeplink,
            data,
            CollapseKey: CollapseKeyOf(message.Type, data),
            TimeToLive: message.Type.StartsWith("exam.", StringComparison.Ordinal) ? ResultTtl : RewardTtl);
    }
}
