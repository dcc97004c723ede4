using LearningPlatform.Domain.Common;

namespace LearningPlatform.Domain.Notifications;

public static class OutboxErrors
{
    public static DomainException InvalidTransition(OutboxStatus from, OutboxStatus to) =>
        new("outbox.invalid_transition", $"An outbox message cannot go from {from.ToUpperSnake()} to {to.ToUpperSnake()}.", DomainErrorKind.Conflict);
}
