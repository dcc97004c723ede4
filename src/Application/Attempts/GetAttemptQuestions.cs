using LearningPlatform.Application.Common;

namespace LearningPlatform.Application.Attempts;

/// <summary>Re-reads an open attempt's questions (in its order), e.g. after the app was restarted mid-exam.</summary>
public sealed class GetAttemptQuestions(ILearningDb db, TimeProvider clock)
{
    public async Task<IAsyncEnumerable<QuestionDto>> HandleAsync(
        Guid learnerId, Guid attemptId, string? attemptToken, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var attempt = await LearnerAttempts.LoadAsync(db, learnerId, attemptId, attemptToken, now, cancellationToken);
        attempt.EnsureInProgress(now);

        return AttemptQuestions.StreamAsync(db, attempt.Id, attempt.ExamId, attempt.QuestionOrder, cancellationToken);
    }
}
