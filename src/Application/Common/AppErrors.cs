using LearningPlatform.Domain.Common;

namespace LearningPlatform.Application.Common;

/// <summary>Errors that belong to the use cases rather than to one aggregate.</summary>
public static class AppErrors
{
    public static DomainException StartInProgress() =>
        new("attempt.start_in_progress", "A start of this exam is already running for you; retry shortly.", DomainErrorKind.Conflict);

    public const string ConcurrencyConflictCode = "concurrency.conflict";

    public static DomainException ConcurrentUpdate() =>
        new(ConcurrencyConflictCode, "Someone else changed this at the same time; reload and retry.", DomainErrorKind.Conflict);

    public static DomainException AttemptTokenInvalid() =>
        new("attempt.token_invalid", "The X-Attempt-Token does not match this attempt.", DomainErrorKind.Forbidden);

    public static DomainException ImportInProgress() =>
        new("import.in_progress", "Another question import is running; retry when it has finished.", DomainErrorKind.Conflict);

    public static DomainException ResultNotFound() =>
        new("result.not_found", "You have no result for this exam yet.", DomainErrorKind.NotFound);

    /// <summary>400 <c>validation.failed</c> with field errors, the same shape as the validation filter's answer.</summary>
    public static DomainException Validation(IReadOnlyDictionary<string, string[]> errors) =>
        new("validation.failed", "One or more fields are invalid.", DomainErrorKind.Invalid)
        {
            Extensions = new Dictionary<string, object?> { ["errors"] = errors },
        };

    public static DomainException Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });
}
