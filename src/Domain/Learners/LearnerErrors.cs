using LearningPlatform.Domain.Common;

namespace LearningPlatform.Domain.Learners;

public static class LearnerErrors
{
    public static DomainException InvalidDisplayName(string problem) =>
        new("learner.invalid_display_name", problem, DomainErrorKind.Invalid);

    /// <summary>Nothing is known of the id: no name, attempt, reward, subscription or wallet.</summary>
    public static DomainException NotFound() =>
        new("learner.not_found", "No learner with this id is known to the learning service.", DomainErrorKind.NotFound);
}
