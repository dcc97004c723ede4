using System.Text.RegularExpressions;
using FluentValidation;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Notifications;
using Microsoft.Extensions.Logging;
using LearningPlatform.Application.Audit;
using LearningPlatform.Domain.Audit;

namespace LearningPlatform.Application.Notifications;

/// <summary>A broadcast to an FCM topic: <c>all</c> (every app subscribes to it) by default, or e.g. <c>exam-{examId}</c>.</summary>
public sealed record BroadcastRequest(string? Title, [property: Multiline] string? Body, string? Deeplink, string? Topic);

public sealed record BroadcastQueued(Guid MessageId, string Topic);

internal sealed partial class BroadcastRequestValidator : AbstractValidator<BroadcastRequest>
{
    public BroadcastRequestValidator()
    {
        RuleFor(r => r.Title).NotEmpty().MaximumLength(100);
        RuleFor(r => r.Body).NotEmpty().MaximumLength(500);
        RuleFor(r => r.Deeplink).MaximumLength(300).Must(d => d is null || d.StartsWith("learning://", StringComparison.Ordinal))
            .WithMessage("A deeplink starts with learning://.");
        RuleFor(r => r.Topic).MaximumLength(200).Must(t => t is null || TopicName().IsMatch(t))
            .WithMessage("A topic name matches [a-zA-Z0-9-_.~%]+.");
    }

    [GeneratedRegex("^[a-zA-Z0-9-_.~%]+$")]
    private static partial Regex TopicName();
}

/// <summary>
/// Queues an admin's broadcast: one outbox message to a topic, sent once by the dispatcher with one dispatch audit row;
/// no row per learner.
/// </summary>
public sealed class Broadcast(ILearningDb db, TimeProvider clock, ILogger<Broadcast> logger)
{
    public const string Type = "admin.broadcast";
    public const string AllTopic = "all";

    public async Task<BroadcastQueued> HandleAsync(Guid adminId, BroadcastRequest request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var topic = string.IsNullOrEmpty(request.Topic) ? AllTopic : request.Topic;
        var payload = new PushPayload(request.Title!, request.Body!, request.Deeplink,
            new Dictionary<string, string?> { ["sentBy"] = adminId.ToString() }).ToJson();
        var message = OutboxMessage.ToTopic(Type, topic, payload, $"{Type}:{Guid.CreateVersion7(now)}", now);
        db.Outbox.Add(message);
        db.Record(adminId, "sent", AuditEntity.Broadcast, message.Id, now, new { topic, title = request.Title });
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Admin {AdminId} queued broadcast {MessageId} to topic {Topic}", adminId, message.Id, topic);
        return new BroadcastQueued(message.Id, topic);
    }
}
