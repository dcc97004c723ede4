using LearningPlatform.Domain.Exports;

namespace LearningPlatform.Application.Exports;

public sealed record ExportAccepted(Guid ExportId, Guid ExamId, ExportStatus Status);

/// <summary>
/// An export as admins follow it: PENDING, RUNNING, SUCCEEDED (with <c>rows</c>, <c>bytes</c> and a presigned
/// <c>downloadUrl</c> valid until <c>downloadExpiresAt</c>) or FAILED (with <c>error</c>).
/// </summary>
public sealed record ExportDto(
    Guid Id,
    Guid ExamId,
    ExportStatus Status,
    Guid RequestedBy,
    string ObjectKey,
    long? Rows,
    long? Bytes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    Uri? DownloadUrl,
    DateTimeOffset? DownloadExpiresAt);
