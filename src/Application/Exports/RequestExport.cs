using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Audit;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Exports;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Exports;

/// <summary>
/// The admin's "export the standings": records a PENDING export of a RANKED or PUBLISHED exam and wakes this instance's
/// export job; the request answers at once. One export per exam at a time: while one is PENDING or RUNNING a second is
/// 409 <c>export.already_running</c> carrying its id.
/// </summary>
public sealed class RequestExport(ILearningDb db, IExportQueue queue, TimeProvider clock)
{
    public async Task<ExportAccepted> HandleAsync(Guid examId, Guid adminId, CancellationToken cancellationToken)
    {
        var status = await db.Exams.AsNoTracking().Where(e => e.Id == examId).Select(e => (Domain.Ranking.ExamRankingStatus?)e.RankingStatus)
            .SingleOrDefaultAsync(cancellationToken) ?? throw ExamErrors.NotFound();
        var now = clock.GetUtcNow();
        var export = Export.Request(examId, status, adminId, now);
        if (await ActiveExportIdAsync(examId, cancellationToken) is { } active)
        {
            throw ExportErrors.AlreadyRunning(active);
        }

        db.Exports.Add(export);
        db.Record(adminId, "requested", AuditEntity.Export, export.Id, now, new { examId, key = export.ObjectKey });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another admin's request for the same exam won the race (one active export per exam: a partial unique index).
            db.Reset();
            throw ExportErrors.AlreadyRunning(await ActiveExportIdAsync(examId, cancellationToken));
        }

        queue.Wake();
        return new ExportAccepted(export.Id, examId, export.Status);
    }

    private Task<Guid?> ActiveExportIdAsync(Guid examId, CancellationToken cancellationToken) =>
        db.Exports.Where(x => x.ExamId == examId && (x.Status == ExportStatus.Pending || x.Status == ExportStatus.Running))
            .Select(x => (Guid?)x.Id).FirstOrDefaultAsync(cancellationToken);
}
