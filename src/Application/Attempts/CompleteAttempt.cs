using System.Text.Json.Serialization;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Attempts;
using LearningPlatform.Domain.Exams;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Application.Attempts;

/// <summary>
/// A contest's completion is PENDING: no score, nothing about which answers were right, until its results are published
/// (the score would tell a learner which answers were right while others still answer). A practice exam's is COMPLETED
/// with the score and each question's feedback.
/// </summary>
public sealed record CompleteAttemptResult(
    Guid AttemptId,
    Guid ExamId,
    CompletionStatus Status,
    int Answered,
    int TotalQuestions,
    DateTimeOffset FinishedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Score = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MaxScore = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<AnswerFeedbackDto>? Answers = null);

/// <summary>PENDING: a contest's result waits for publishing; COMPLETED: a practice exam's, with its feedback.</summary>
public enum CompletionStatus
{
    Pending,
    Completed,
}

public sealed class CompleteAttempt(ILearningDb db, AnswerReview review, TimeProvider clock, LearningMetrics metrics, ILogger<CompleteAttempt> logger)
{
    public async Task<CompleteAttemptResult> HandleAsync(
        Guid learnerId, Guid attemptId, string? attemptToken, CancellationToken cancellationToken)
    {
        // Two writers of the same attempt version cannot both win (concurrency token); the loser re-reads and
        // meets the winner's outcome: already completed (409) or expired by the sweep (409).
        var attempt = await ConcurrencyRetry.RunAsync(db, async _ =>
        {
            var now = clock.GetUtcNow();
            var loaded = await LearnerAttempts.LoadAsync(db, learnerId, attemptId, attemptToken, now, cancellationToken);
            loaded.Complete(now);
            await db.SaveChangesAsync(cancellationToken);
            return loaded;
        }, cancellationToken);

        metrics.AttemptCompleted();
        logger.LogInformation(
            "Attempt {AttemptId} completed by learner {LearnerId}: score {Score}, {TotalElapsedMs} ms, {Answered} answered",
            attempt.Id, learnerId, attempt.Score, attempt.TotalElapsedMs, attempt.AnsweredCount);

        var completed = new CompleteAttemptResult(
            attempt.Id, attempt.ExamId, CompletionStatus.Pending, attempt.AnsweredCount, attempt.QuestionOrder.Length, attempt.FinishedAt!.Value);
        var mode = await db.Exams.Where(e => e.Id == attempt.ExamId).Select(e => e.Mode).SingleAsync(cancellationToken);
        if (mode != ExamMode.Practice)
        {
            return completed;
        }

        var feedback = await review.ForAsync(attempt.Id, cancellationToken);
        return completed with
        {
            Status = CompletionStatus.Completed,
            Score = attempt.Score,
            MaxScore = feedback.Sum(f => f.Points),
            Answers = feedback,
        };
    }
}
