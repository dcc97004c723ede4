using LearningPlatform.Application.Notifications;
using LearningPlatform.Domain.Notifications;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Infrastructure.Persistence;

/// <summary>
/// Claims with one statement: the due rows are locked with <c>SKIP LOCKED</c> (a second dispatcher takes the next
/// ones) and leased by moving their <c>available_at</c>, committed at once, so no transaction stays open while pushing.
/// </summary>
internal sealed class SqlOutboxClaims(LearningDbContext db) : IOutboxClaims
{
    public async Task<IReadOnlyList<OutboxMessage>> ClaimAsync(int batchSize, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        await db.Outbox
            .FromSql($"""
                UPDATE outbox_messages SET available_at = {leaseUntil}
                WHERE id IN (
                    SELECT id FROM outbox_messages
                    WHERE status = 'Pending' AND available_at <= {now}
                    ORDER BY available_at
                    LIMIT {batchSize}
                    FOR UPDATE SKIP LOCKED)
                RETURNING *, xmin
                """)
            .AsTracking()
            .ToListAsync(cancellationToken);
}
