namespace LearningPlatform.Application.Subscriptions;

/// <summary>
/// Whether a learner may use premium content now. Premium lessons ask it; the billing issue (store subscriptions, grace
/// periods, CANCELED-until-expiry) replaces today's stand-in, which reads the <c>subscriptions</c> rows.
/// </summary>
public interface IEntitlements
{
    Task<bool> IsEntitledAsync(Guid learnerId, CancellationToken cancellationToken);
}
