using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Ranking;

namespace LearningPlatform.Domain.Exports;

public static class ExportErrors
{
    public static DomainException NotFound() =>
        new("export.not_found", "The export does not exist.", DomainErrorKind.NotFound);

    public static DomainException NotRanked(ExamRankingStatus status) =>
        new("export.not_ranked", $"Only a RANKED or PUBLISHED exam has standings to export; this one is {status.ToUpperSnake()}.",
            DomainErrorKind.Conflict);

    public const string AlreadyRunningCode = "export.already_running";

    /// <summary>409 carrying (as <c>exportId</c>) the export of this exam still PENDING or RUNNING, to follow instead.</summary>
    public static DomainException AlreadyRunning(Guid? exportId) =>
        new(AlreadyRunningCode, "An export of this exam is pending or running; follow it (exportId) instead.", DomainErrorKind.Conflict)
        {
            Extensions = exportId is { } id ? new Dictionary<string, object?> { ["exportId"] = id } : new Dictionary<string, object?>(),
        };

    public static DomainException InvalidTransition(ExportStatus from, ExportStatus to) =>
        new("export.invalid_transition", $"An export cannot go from {from.ToUpperSnake()} to {to.ToUpperSnake()}.", DomainErrorKind.Conflict);
}
