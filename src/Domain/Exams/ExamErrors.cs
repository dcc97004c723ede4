using LearningPlatform.Domain.Common;

namespace LearningPlatform.Domain.Exams;

public static class ExamErrors
{
    public static DomainException NotFound() =>
        new("exam.not_found", "The exam does not exist.", DomainErrorKind.NotFound);

    public static DomainException NotOpen(DateTimeOffset opensAt, DateTimeOffset closesAt) =>
        new("exam.not_open", $"The exam is open from {opensAt:O} until {closesAt:O}.", DomainErrorKind.Conflict);

    public static DomainException StillOpen(DateTimeOffset closesAt) =>
        new("exam.still_open", $"The exam is open until {closesAt:O}.", DomainErrorKind.Conflict);

    public static DomainException InvalidTransition(Ranking.ExamRankingStatus from, Ranking.ExamRankingStatus to) =>
        new("exam.invalid_transition", $"An exam cannot go from {from} to {to}.", DomainErrorKind.Conflict);

    public static DomainException PracticeNotRanked() =>
        new("exam.practice_not_ranked", "A practice exam is never closed for ranking, ranked or published.", DomainErrorKind.Conflict);

    public static DomainException InvalidDefinition(string message) =>
        new("exam.invalid_definition", message, DomainErrorKind.Invalid);
}
