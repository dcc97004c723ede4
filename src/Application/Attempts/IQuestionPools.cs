namespace LearningPlatform.Application.Attempts;

/// <summary>
/// An exam's questions with their choices, read-only and shared, keyed by question id. Questions do not change
/// while an exam is open, so answering reads them from memory instead of the database.
/// </summary>
public interface IQuestionPools
{
    Task<IReadOnlyDictionary<Guid, Domain.Exams.Question>> GetAsync(Guid examId, CancellationToken cancellationToken);

    /// <summary>Drops this instance's copy of the exam's pool (after an edit of its questions).</summary>
    ValueTask InvalidateAsync(Guid examId, CancellationToken cancellationToken);
}
