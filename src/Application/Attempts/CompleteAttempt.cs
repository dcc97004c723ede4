using LearningPlatform.Application.Common;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Application.Attempts;

/// <summary>The result stays PENDING until the exam's ranking is published; the score is not shown before.</summary>
public sealed record CompleteAttemptResult(
    Guid AttemptId, Guid ExamId, string Status, int Answered, int TotalQuestions, DateTimeOffset FinishedAt);

public sealed class CompleteAttempt(ILearningDb db, TimeProvider clock, ILogger<CompleteAttempt> logger)
{
    public async Task<CompleteAttemptResult> HandleAsync(
        Guid learnerId, Guid attemptId, string? attemptToken, CancellationToken cancellationToken)
    {
        // Two writers of the same attempt version cannot both win (concurrency token); the loser re-reads and
        // meets the winner's outcome: already completed (409) or expired by the sweep (409).
        var attempt = await LearnerAttempts.WithRetryAsync(db, async () =>
        {
            var now = clock.GetUtcNow();
            var loaded = await LearnerAttempts.LoadAsync(db, learnerId, attemptId, attemptToken, now, cancellationToken);
            loaded.Complete(now);
            await db.SaveChangesAsync(cancellationToken);
            return loaded;
        });

        logger.LogInformation(
            "Attempt {AttemptId} completed by learner {LearnerId}: score {Score}, {TotalElapsedMs} ms, {Answered} answered",
            attempt.Id, learnerId, attempt.Score, attempt.TotalElapsedMs, attempt.AnsweredCount);

        return new CompleteAttemptResult(
            attempt.Id, attempt.ExamId, "PENDING", attempt.AnsweredCount, attempt.QuestionOrder.Length, attempt.FinishedAt!.Value);
    }
}
