namespace LearningPlatform.Domain.Attempts;

/// <summary>
/// What an attempt counts for in the ranking. Written once when the attempt completes or expires (one per attempt),
/// and never changed: the ranking writes each learner's place to <see cref="Ranking.Standing"/>, and a result is
/// published when its exam is.
/// </summary>
public sealed class ExamResult
{
    private ExamResult()
    {
    }

    public Guid Id { get; private set; }
    public Guid ExamId { get; private set; }
    public Guid AttemptId { get; private set; }
    public Guid LearnerId { get; private set; }
    public int Score { get; private set; }
    public long TotalElapsedMs { get; private set; }
    public int Answered { get; private set; }
    public DateTimeOffset FinishedAt { get; private set; }

    internal static ExamResult PendingFor(Attempt attempt) => new()
    {
        Id = Guid.CreateVersion7(attempt.FinishedAt!.Value),
        ExamId = attempt.ExamId,
        AttemptId = attempt.Id,
        LearnerId = attempt.LearnerId,
        Score = attempt.Score,
        TotalElapsedMs = attempt.TotalElapsedMs,
        Answered = attempt.AnsweredCount,
        FinishedAt = attempt.FinishedAt!.Value,
    };
}
