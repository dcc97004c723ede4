using LearningPlatform.Domain.Common;

namespace LearningPlatform.Domain.Ranking;

public enum RankingTrigger
{
    Scheduled,
    Manual,
    /// <summary>An admin ranks a RANKED exam again (after an invalidation), replacing its unpublished ranking.</summary>
    Rerun,
}

public enum RankingRunStatus
{
    Running,
    Succeeded,
    Failed,
}

/// <summary>One attempt at ranking an exam: who asked, when, how it ended and how long it took.</summary>
public sealed class RankingRun
{
    public const int MaxErrorLength = 1000;

    private RankingRun()
    {
    }

    public Guid Id { get; private set; }
    public Guid ExamId { get; private set; }
    public RankingTrigger Trigger { get; private set; }

    /// <summary>The admin who asked, for a manual run or a rerun.</summary>
    public Guid? RequestedBy { get; private set; }

    public RankingRunStatus Status { get; private set; }
    public DateTimeOffset StartedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }
    public int? Participants { get; private set; }
    public long? DurationMs { get; private set; }
    public string? Error { get; private set; }

    public static RankingRun Start(Guid examId, RankingTrigger trigger, Guid? requestedBy, DateTimeOffset now)
    {
        if (trigger != RankingTrigger.Scheduled && requestedBy is null)
        {
            throw RankingRuleErrors.ManualRunWithoutAdmin();
        }

        return new RankingRun
        {
            Id = Guid.CreateVersion7(now),
            ExamId = examId,
            Trigger = trigger,
            RequestedBy = trigger == RankingTrigger.Scheduled ? null : requestedBy,
            Status = RankingRunStatus.Running,
            StartedAt = now,
        };
    }

    public void Succeed(int participants, DateTimeOffset now)
    {
        Finish(now);
        Status = RankingRunStatus.Succeeded;
        Participants = participants;
    }

    public void Fail(string error, DateTimeOffset now)
    {
        Finish(now);
        Status = RankingRunStatus.Failed;
        Error = error.Length <= MaxErrorLength ? error : error[..MaxErrorLength];
    }

    private void Finish(DateTimeOffset now)
    {
        if (Status != RankingRunStatus.Running)
        {
            throw RankingRuleErrors.RunFinished(Status);
        }

        FinishedAt = now;
        DurationMs = (long)(now - StartedAt).TotalMilliseconds;
    }
}
