namespace LearningPlatform.Application.Learners;

/// <summary>Display names by learner id, for the learners on one page of a board.</summary>
public interface ILearnerNames
{
    /// <summary>The names of those of <paramref name="learnerIds"/> who have one, in one round trip.</summary>
    Task<IReadOnlyDictionary<Guid, string>> FindAsync(IReadOnlyCollection<Guid> learnerIds, CancellationToken cancellationToken);
}
