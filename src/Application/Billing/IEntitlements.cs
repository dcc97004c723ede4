namespace LearningPlatform.Application.Billing;

/// <summary>
/// Whether a learner may use premium exams and lessons now: a subscription ACTIVE, GRACE or CANCELED before its expiry.
/// Answers from a short-lived cache that every state change of the learner's subscriptions drops
/// (<see cref="InvalidateAsync"/>), so a refund or an expiry bites on the learner's next request.
/// </summary>
public interface IEntitlements
{
    Task<bool> IsEntitledAsync(Guid learnerId, CancellationToken cancellationToken);

    /// <summary>Forgets what is cached for the learner; called after every committed change of their subscriptions.</summary>
    ValueTask InvalidateAsync(Guid learnerId, CancellationToken cancellationToken);
}
