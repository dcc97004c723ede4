using LearningPlatform.Application.Exports;
using LearningPlatform.Domain.Exports;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Infrastructure.Persistence;

/// <summary>
/// Locks the oldest (not composed by EF, so the lock applies to exactly this row) claimable export with <c>SKIP LOCKED</c> in the caller's transaction: another instance's job takes
/// the next one instead of waiting, and the claim is saved under the row version.
/// </summary>
internal sealed class SqlExportClaims(LearningDbContext db) : IExportClaims
{
    public async Task<Export?> LockNextAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        (await db.Exports
            .FromSql($"""
                SELECT *, xmin FROM exports
                WHERE status = 'Pending' OR (status = 'Running' AND lease_until <= {now})
                ORDER BY created_at
                LIMIT 1
                FOR UPDATE SKIP LOCKED
                """)
            .AsTracking()
            .ToListAsync(cancellationToken)).SingleOrDefault();
}
