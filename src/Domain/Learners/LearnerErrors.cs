using LearningPlatform.Domain.Common;

namespace LearningPlatform.Domain.Learners;

public static class LearnerErrors
{
    public static DomainException InvalidDisplayName(string problem) =>
        new("learner.invalid_display_name", problem, DomainErrorKind.Invalid);
}
