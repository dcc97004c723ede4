using LearningPlatform.Domain.Notifications;

namespace LearningPlatform.Application.Notifications;

/// <summary>Claims due outbox messages for one dispatcher, safely with several instances.</summary>
public interface IOutboxClaims
{
    /// <summary>
    /// Up to <paramref name="batchSize"/> due PENDING messages, oldest first, locked with <c>FOR UPDATE SKIP LOCKED</c>
    /// and leased (their <c>available_at</c> moved to <paramref name="leaseUntil"/>), tracked by the caller's unit of work.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> ClaimAsync(int batchSize, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);
}

public sealed record OutboxBacklog(int Pending, int Due, int DeadLettered, DateTimeOffset? OldestPendingAt);
