using LearningPlatform.Domain.Attempts;

namespace LearningPlatform.Application.Attempts;

/// <summary>
/// The answer path's own reads and writes, kept narrow because it is the hottest path of a contest: one untracked read
/// of what <see cref="Attempt.Answer"/> needs, and the attempt's new counters plus the response written as one
/// statement (one round trip, one transaction).
/// </summary>
public interface IAnswerStore
{
    /// <summary>The attempt, untracked, with only its response to <paramref name="questionId"/> (if any); null when it is not the learner's.</summary>
    Task<Attempt?> FindAsync(Guid learnerId, Guid attemptId, Guid questionId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the answer <see cref="Attempt.Answer"/> just recorded on <paramref name="attempt"/> (read at
    /// <paramref name="readVersion"/>): its score, counters and review flag, and <paramref name="response"/>, atomically.
    /// Throws <see cref="Microsoft.EntityFrameworkCore.DbUpdateException"/> when another writer changed the attempt since
    /// the read or already recorded this question, as a save of the tracked entities would.
    /// </summary>
    Task SaveAnswerAsync(Attempt attempt, uint readVersion, Response response, CancellationToken cancellationToken);
}
