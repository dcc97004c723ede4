using LearningPlatform.Domain.Common;

namespace LearningPlatform.Domain.Ranking;

/// <summary>The ranking rules' own guards: prize tables, economics and runs.</summary>
public static class RankingRuleErrors
{
    public static DomainException PrizeTableInvalid(string message) => new("prize_table.invalid", message, DomainErrorKind.Invalid);

    public static DomainException EconomicsInvalid() =>
        new("economics.invalid", "Counts and amounts are not negative; the rake is 0..10000 basis points.", DomainErrorKind.Invalid);

    public static DomainException ManualRunWithoutAdmin() =>
        new("ranking.run_invalid", "A manual run or a rerun names the admin who asked for it.", DomainErrorKind.Invalid);

    public static DomainException RunFinished(RankingRunStatus status) =>
        new("ranking.run_finished", $"The run already ended as {status}.", DomainErrorKind.Conflict);

    /// <summary>The code the application's <c>RankingErrors.AlreadyRunning</c> answers with too (with the running run's id).</summary>
    public const string AlreadyRunningCode = "ranking.already_running";

    public static DomainException BeingRanked() =>
        new(AlreadyRunningCode, "This exam is being ranked right now; retry once the run has finished.", DomainErrorKind.Conflict);

    public static DomainException RerunNeeded() =>
        new("ranking.rerun_needed",
            "An attempt was invalidated after this exam was ranked: rank it again with POST /rankings/{examId}/rerun, then publish.",
            DomainErrorKind.Conflict);
}
