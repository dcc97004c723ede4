using LearningPlatform.Domain.Attempts;

namespace LearningPlatform.Application.Attempts;

/// <summary>
/// The answer path's own reads and writes, kept narrow because it is the hottest path of a contest: one untracked read
/// of what <see cref="Attempt.Answer"/> needs, and the attempt's new counters plus the response written as one
/// statement (one round trip, one transaction). The store may remember an attempt as its last read or write left it
/// (decision 130): an answer decided on that memory costs the write alone, and the write's version check makes a
/// decision on an outdated memory write nothing.
/// </summary>
public interface IAnswerStore
{
    /// <summary>
    /// The attempt, untracked, with only its response to <paramref name="questionId"/> (if any); null when it is not the
    /// learner's. With <paramref name="mayRecall"/> the store may answer from memory (<see cref="AnswerRead.Recalled"/>):
    /// the attempt as it was at its <see cref="Attempt.Version"/>, which a write then checks.
    /// </summary>
    Task<AnswerRead?> FindAsync(Guid learnerId, Guid attemptId, Guid questionId, bool mayRecall, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the answer <see cref="Attempt.Answer"/> just recorded on <paramref name="attempt"/> (read at
    /// <paramref name="readVersion"/>): its score, counters and review flag, and <paramref name="response"/>, atomically.
    /// Throws <see cref="Microsoft.EntityFrameworkCore.DbUpdateException"/> when another writer changed the attempt since
    /// the read or already recorded this question, as a save of the tracked entities would; nothing is written then.
    /// </summary>
    Task SaveAnswerAsync(Attempt attempt, uint readVersion, Response response, CancellationToken cancellationToken);
}

/// <summary>An attempt read for answering; <see cref="Recalled"/> when it came from the store's memory, not a read.</summary>
public sealed record AnswerRead(Attempt Attempt, bool Recalled);
