namespace LearningPlatform.Domain.Attempts;

/// <summary>A learner's answer to one question of an attempt. At most one per (attempt, question).</summary>
public sealed class Response
{
    internal Response(
        Guid attemptId, Guid questionId, Guid choiceId, long elapsedMs, long claimedElapsedMs, bool isCorrect,
        DateTimeOffset answeredAt)
    {
        AttemptId = attemptId;
        QuestionId = questionId;
        ChoiceId = choiceId;
        ElapsedMs = elapsedMs;
        ClaimedElapsedMs = claimedElapsedMs;
        IsCorrect = isCorrect;
        AnsweredAt = answeredAt;
    }

    public Guid AttemptId { get; private set; }
    public Guid QuestionId { get; private set; }
    public Guid ChoiceId { get; private set; }
    /// <summary>The time that counts; lower than <see cref="ClaimedElapsedMs"/> when it was clamped.</summary>
    public long ElapsedMs { get; private set; }
    public long ClaimedElapsedMs { get; private set; }
    public bool IsCorrect { get; private set; }
    public DateTimeOffset AnsweredAt { get; private set; }
}
