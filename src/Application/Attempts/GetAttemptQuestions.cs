using LearningPlatform.Application.Common;

namespace LearningPlatform.Application.Attempts;

/// <summary>Re-reads an open attempt's questions (in its order), e.g. after the app was restarted mid-exam.</summary>
public sealed class GetAttemptQuestions(ILearningDb db, TimeProvider clock)
{
    public async Task<IAsyncEnumerable<QuestionDto>> HandleAsync(
        Guid learnerId, Guid attemptId, string? attemptToken, CancellationToken cancellationToken)
    {
        var attempt = await LearnerAttempts.LoadAsync(db, learnerId, attemptId, attemptToken, clock.GetUtcNow(), cancellationToken);
        if (attempt.Status != Domain.Attempts.AttemptStatus.InProgress)
        {
            throw attempt.Status == Domain.Attempts.AttemptStatus.Expired
                ? Domain.Attempts.AttemptErrors.Expired(attempt.ExpiresAt)
                : Domain.Attempts.AttemptErrors.NotInProgress(attempt.Status);
        }

        return AttemptQuestions.StreamAsync(db, attempt.Id, attempt.ExamId, attempt.QuestionOrder, cancellationToken);
    }
}
