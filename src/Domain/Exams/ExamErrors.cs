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

    public static DomainException NotDraft(Ranking.ExamRankingStatus status) =>
        new("exam.not_draft", $"The exam is {status.ToUpperSnake()}: only a DRAFT can be changed or deleted (unschedule it first, before it opens).",
            DomainErrorKind.Conflict);

    public static DomainException NotScheduled(Ranking.ExamRankingStatus status) =>
        new("exam.not_scheduled", $"The exam is {status.ToUpperSnake()}, not scheduled.", DomainErrorKind.Conflict);

    public static DomainException AlreadyOpened(DateTimeOffset opensAt) =>
        new("exam.already_opened", $"The exam opened at {opensAt:O}: its questions are fixed; extend it or let it run.", DomainErrorKind.Conflict);

    public static DomainException NotExtendable(Ranking.ExamRankingStatus status, DateTimeOffset closesAt) =>
        new("exam.not_extendable", $"Only a scheduled or open exam can be extended (this one is {status.ToUpperSnake()}, closing {closesAt:O}).",
            DomainErrorKind.Conflict);

    public static DomainException CannotShorten(DateTimeOffset closesAt) =>
        new("exam.cannot_shorten", $"The exam closes at {closesAt:O}; an extension must move that later, never earlier.", DomainErrorKind.Conflict);

    /// <summary>400 with the fields that keep the exam from being scheduled.</summary>
    public static DomainException NotSchedulable(IReadOnlyDictionary<string, string[]> errors) =>
        new("exam.not_schedulable", "The exam cannot be scheduled: " + string.Join(" ", errors.Values.SelectMany(v => v)), DomainErrorKind.Invalid)
        {
            Extensions = new Dictionary<string, object?> { ["errors"] = errors },
        };

    public static DomainException Cancelled() =>
        new("exam.cancelled", "The exam was cancelled: it is not taken, ranked or published, and every entry fee was refunded.", DomainErrorKind.Conflict);

    public static DomainException NotCancellable(Ranking.ExamRankingStatus status) =>
        new("exam.not_cancellable",
            $"The exam is {status.ToUpperSnake()}: only a SCHEDULED, OPEN or CLOSED exam (not yet ranked) can be cancelled; delete a DRAFT instead.",
            DomainErrorKind.Conflict);
}
