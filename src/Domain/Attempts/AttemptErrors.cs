using LearningPlatform.Domain.Common;

namespace LearningPlatform.Domain.Attempts;

public static class AttemptErrors
{
    public static DomainException NotFound() =>
        new("attempt.not_found", "The attempt does not exist.", DomainErrorKind.NotFound);

    public static DomainException NoAttemptsLeft(int maxAttempts) =>
        new("attempt.no_attempts_left", $"This exam allows {maxAttempts} attempt(s) and none is left.", DomainErrorKind.Conflict);

    public static DomainException SubscriptionRequired() =>
        new("subscription.required", "This exam needs an active subscription.", DomainErrorKind.Forbidden);

    public static DomainException Expired(DateTimeOffset expiresAt) =>
        new("attempt.expired", $"The attempt's time ran out at {expiresAt:O}.", DomainErrorKind.Conflict);

    public static DomainException NotInProgress(AttemptStatus status) =>
        new("attempt.not_in_progress", $"The attempt is {status.ToUpperSnake()}, not IN_PROGRESS.", DomainErrorKind.Conflict);

    public static DomainException QuestionNotInAttempt() =>
        new("attempt.question_not_in_attempt", "The question is not part of this attempt.", DomainErrorKind.Unprocessable);

    public static DomainException ChoiceNotInQuestion() =>
        new("attempt.choice_not_in_question", "The choice does not belong to the question.", DomainErrorKind.Unprocessable);

    public static DomainException ElapsedOutOfRange(long timeLimitMs) =>
        new("attempt.elapsed_out_of_range", $"elapsedMs must be between 0 and {timeLimitMs}.", DomainErrorKind.Invalid);

    public static DomainException AnswerChanged() =>
        new("attempt.answer_changed", "This question was already answered with another choice.", DomainErrorKind.Conflict);

    public static DomainException AlreadyInvalidated() =>
        new("attempt.already_invalidated", "The attempt is already invalidated.", DomainErrorKind.Conflict);

    public static DomainException ReasonRequired() =>
        new("attempt.reason_required", $"A reason (1..{Attempt.MaxInvalidationReasonLength} characters) is required.", DomainErrorKind.Invalid);

    public static DomainException ExamPublished() =>
        new("attempt.exam_published",
            "The exam's results are published and final: the attempt cannot be invalidated. Compensate by hand (cancel the reward, adjust coins) and note it in the audit log.",
            DomainErrorKind.Conflict);
}
