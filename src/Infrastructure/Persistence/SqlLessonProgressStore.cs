using LearningPlatform.Application.Content;
using LearningPlatform.Domain.Content;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LearningPlatform.Infrastructure.Persistence;

/// <summary>
/// Progress as one compare-and-set statement: the report is inserted, or replaces the stored row only when it is
/// ahead of it (<see cref="LessonProgress.IsAheadOf"/>, written as the upsert's <c>WHERE</c>), keeping the first
/// completion time. PostgreSQL takes the row lock for the comparison, so concurrent reports from two devices are
/// applied one after the other and the highest one stays, whatever order they arrive in; nothing is read first.
/// </summary>
internal sealed class SqlLessonProgressStore(LearningDbContext db) : ILessonProgressStore
{
    public async Task<LessonProgress> RecordAsync(LessonProgress report, CancellationToken cancellationToken)
    {
        try
        {
            var written = await db.LessonProgress
                .FromSql($"""
                    INSERT INTO lesson_progress AS p (learner_id, lesson_id, percent, position, completed_at, updated_at)
                    VALUES ({report.LearnerId}, {report.LessonId}, {report.Percent}, {report.Position}, {report.CompletedAt}, {report.UpdatedAt})
                    ON CONFLICT (learner_id, lesson_id) DO UPDATE SET
                        percent = excluded.percent,
                        position = excluded.position,
                        completed_at = COALESCE(p.completed_at, excluded.completed_at),
                        updated_at = excluded.updated_at
                    WHERE excluded.percent > p.percent
                       OR (excluded.percent = p.percent AND excluded.position > p.position)
                    RETURNING *
                    """)
                .AsNoTracking()
                .ToListAsync(cancellationToken);
            if (written.Count == 1)
            {
                return written[0];
            }

            // Not ahead: nothing was written and RETURNING is empty. The stored row is read by a second statement, which
            // sees every report committed before it (a read inside the upsert's statement would use its snapshot, taken
            // before a concurrent report it waited for committed).
            return await db.LessonProgress.AsNoTracking()
                .SingleOrDefaultAsync(p => p.LearnerId == report.LearnerId && p.LessonId == report.LessonId, cancellationToken)
                ?? throw ContentErrors.LessonNotFound();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            // The lesson was deleted since the caller saw it.
            throw ContentErrors.LessonNotFound();
        }
    }
}
