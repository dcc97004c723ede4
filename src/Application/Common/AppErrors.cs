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

    public static DomainException ResultNotFound() =>
        new("result.not_found", "You have no result for this exam yet.", DomainErrorKind.NotFound);
}
