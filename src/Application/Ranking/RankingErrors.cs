using LearningPlatform.Domain.Common;

namespace LearningPlatform.Application.Ranking;

public static class RankingErrors
{
    /// <summary>A run for this exam is going on; <paramref name="runId"/> is it, when the database already shows it.</summary>
    public static RankingConflictException AlreadyRunning(Guid? runId) =>
        new("ranking.already_running", "This exam is being ranked right now.", runId);

    public static DomainException AlreadyRanked(Domain.Ranking.ExamRankingStatus status) =>
        new("ranking.already_ranked", $"This exam is already {status.ToString().ToUpperInvariant()}.", DomainErrorKind.Conflict);

    public static DomainException NotRanked(Domain.Ranking.ExamRankingStatus status) =>
        new("ranking.not_ranked", $"Only a RANKED exam can be published; this one is {status.ToString().ToUpperInvariant()}.",
            DomainErrorKind.Conflict);
}

/// <summary>409 carrying the id of the run in the way, so the admin SPA can follow it.</summary>
public sealed class RankingConflictException(string code, string message, Guid? runId) : Exception(message)
{
    public string Code { get; } = code;
    public Guid? RunId { get; } = runId;
}
