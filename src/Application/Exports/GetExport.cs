using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Exports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Application.Exports;

/// <summary>An export's status; once SUCCEEDED, with a presigned GET of the CSV (signed locally, no call to the store).</summary>
public sealed class GetExport(ILearningDb db, IObjectStorage storage, IOptions<ExportOptions> options)
{
    public async Task<ExportDto> HandleAsync(Guid exportId, CancellationToken cancellationToken)
    {
        var export = await db.Exports.AsNoTracking().SingleOrDefaultAsync(x => x.Id == exportId, cancellationToken)
            ?? throw ExportErrors.NotFound();
        PresignedRequest? download = null;
        if (export.Status == ExportStatus.Succeeded)
        {
            download = await storage.PresignGetAsync(export.ObjectKey, options.Value.DownloadUrlLifetime, Export.ContentType,
                attachmentFileName: $"standings-{export.ExamId}-{export.Id}.csv", cancellationToken: cancellationToken);
        }

        return new ExportDto(
            export.Id, export.ExamId, export.Status, export.RequestedBy, export.ObjectKey, export.Rows, export.Bytes, export.CreatedAt,
            export.StartedAt, export.FinishedAt, export.Error, download?.Url, download?.ExpiresAt);
    }
}
