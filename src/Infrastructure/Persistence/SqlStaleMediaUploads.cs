using LearningPlatform.Application.Media;
using LearningPlatform.Domain.Media;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Infrastructure.Persistence;

/// <summary>
/// Locks stale PENDING uploads with <c>SKIP LOCKED</c> in the caller's transaction: a second instance's cleanup takes
/// the next ones instead of waiting, and a completion racing the cleanup loses on the row version (409).
/// </summary>
internal sealed class SqlStaleMediaUploads(LearningDbContext db) : IStaleMediaUploads
{
    public async Task<IReadOnlyList<MediaUpload>> LockAsync(DateTimeOffset expiredBy, int batchSize, CancellationToken cancellationToken) =>
        await db.MediaUploads
            .FromSql($"""
                SELECT *, xmin FROM media_uploads
                WHERE status = 'Pending' AND expires_at <= {expiredBy}
                ORDER BY expires_at
                LIMIT {batchSize}
                FOR UPDATE SKIP LOCKED
                """)
            .AsTracking()
            .ToListAsync(cancellationToken);
}
