using LearningPlatform.Domain.Common;

namespace LearningPlatform.Application.Ranking;

public static class RankingErrors
{
    /// <summary>A run for this exam is going on; <paramref name="runId"/> is it, when the database already shows it.</summary>
    public const string AlreadyRunningCode = Domain.Ranking.RankingRuleErrors.AlreadyRunningCode;

    /// <summary>409 carrying (as <c>runId</c>) the run in the way when the database already shows it, so the admin SPA can follow it.</summary>
    public static DomainException AlreadyRunning(Guid? runId) =>
        new(AlreadyRunningCode, "This exam is being ranked right now.", DomainErrorKind.Conflict)
        {
            Extensions = runId is { } id ? new Dictionary<string, object?> { ["runId"] = id } : new Dictionary<string, object?>(),
        };

    public static DomainException AlreadyRanked(Domain.Ranking.ExamRankingStatus status) =>
        new("ranking.already_ranked", $"This exam is already {status.ToUpperSnake()}.", DomainErrorKind.Conflict);

    public const string NotRankedCode = "ranking.not_ranked";

    public static DomainException NotRanked(Domain.Ranking.ExamRankingStatus status) =>
        new(NotRankedCode, $"Only a RANKED exam can be published; this one is {status.ToUpperSnake()}.",
            DomainErrorKind.Conflict);

    public static DomainException NotRankedForRerun(Domain.Ranking.ExamRankingStatus status) =>
        new(NotRankedCode, $"Only a RANKED exam is ranked again; this one is {status.ToUpperSnake()}: rank it with POST /rankings/{{examId}}/run.",
            DomainErrorKind.Conflict);

    /// <summary>A published exam's results are final: it is never ranked again.</summary>
    public static DomainException Final() =>
        new("ranking.already_ranked", "This exam is PUBLISHED: its results are final and it is not ranked again.", DomainErrorKind.Conflict);
}
