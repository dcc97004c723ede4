using System.Data.Common;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Exports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Application.Exports;

/// <summary>
/// One step of the export job: claims the oldest claimable export (SKIP LOCKED, so several instances never take the
/// same one) for <c>Exports:Lease</c>, streams the exam's standings as CSV into a multipart upload at its key, and
/// records SUCCEEDED with rows and bytes, or FAILED with the error. Nothing is held in memory but the upload's parts.
/// </summary>
public sealed class RunNextExport(
    ILearningDb db, IExportClaims claims, IStandingsCsv csv, IObjectStorage storage, IOptions<ExportOptions> options, TimeProvider clock,
    ILogger<RunNextExport> logger)
{
    /// <summary>The export it ran to its end (or failed as abandoned), or null when there was nothing to run.</summary>
    public async Task<Export?> HandleAsync(CancellationToken stoppingToken)
    {
        var lease = options.Value.Lease;
        var export = await ClaimAsync(lease, stoppingToken);
        if (export is not { Status: ExportStatus.Running })
        {
            return export;
        }

        logger.LogInformation("Export {ExportId} of exam {ExamId} started (attempt {Attempt})", export.Id, export.ExamId, export.Attempts);
        var started = clock.GetTimestamp();
        // The claim is ours for the lease only: stop before another instance may take it over.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        limit.CancelAfter(lease);
        try
        {
            long rows = 0;
            var bytes = await storage.UploadAsync(export.ObjectKey, Export.ContentType,
                async (stream, ct) => rows = await csv.WriteAsync(export.ExamId, stream, ct), limit.Token);
            export.Succeed(rows, bytes, clock.GetUtcNow());
            logger.LogInformation("Export {ExportId} of exam {ExamId} succeeded: {Rows} rows, {Bytes} bytes in {Ms} ms",
                export.Id, export.ExamId, rows, bytes, (long)clock.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: hand it back at once rather than leave it to the lease.
            logger.LogInformation("Export {ExportId} of exam {ExamId} was interrupted by shutdown; it is PENDING again", export.Id, export.ExamId);
            export.Release();
            await SaveFinishAsync(export);
            return export;
        }
        catch (Exception ex)
        {
            var reason = limit.IsCancellationRequested
                ? $"The export ran longer than its lease ({lease}, Exports:Lease) and was stopped."
                : ex.Message;
            if (limit.IsCancellationRequested || IsTransient(ex))
            {
                logger.LogWarning("Export {ExportId} of exam {ExamId} failed: {Reason} ({Cause})", export.Id, export.ExamId, reason, CauseOf(ex));
            }
            else
            {
                logger.LogError(ex, "Export {ExportId} of exam {ExamId} failed: {Reason}", export.Id, export.ExamId, reason);
            }

            export.Fail(reason, clock.GetUtcNow());
        }

        await SaveFinishAsync(export);
        return export;
    }

    private async Task<Export?> ClaimAsync(TimeSpan lease, CancellationToken cancellationToken)
    {
        db.Reset();
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var export = await claims.LockNextAsync(now, cancellationToken);
        if (export is null)
        {
            return null;
        }

        if (!export.Claim(now, now + lease))
        {
            logger.LogWarning("Export {ExportId} of exam {ExamId} failed: {Reason}", export.Id, export.ExamId, export.Error);
        }

        await db.SaveChangesAsync(cancellationToken);
        await db.CommitAsync(cancellationToken);
        return export;
    }

    private async Task SaveFinishAsync(Export export)
    {
        // Recorded whatever the host is doing, within bounds.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await db.SaveChangesAsync(timeout.Token);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Our lease ran out and another instance claimed it: its outcome is the one recorded.
            logger.LogWarning("Export {ExportId} was claimed by another instance meanwhile; this run's outcome is dropped", export.Id);
        }
    }

    private static bool IsTransient(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException or HttpRequestException or IOException or System.Net.Sockets.SocketException or DbException { IsTransient: true })
            {
                return true;
            }
        }

        return false;
    }

    private static string CauseOf(Exception exception)
    {
        var innermost = exception;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
        }

        return $"{innermost.GetType().Name}: {innermost.Message}";
    }
}
