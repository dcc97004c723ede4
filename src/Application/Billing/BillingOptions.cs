using LearningPlatform.Domain.Subscriptions;

namespace LearningPlatform.Application.Billing;

public sealed class BillingOptions
{
    public const string Section = "Billing";

    /// <summary>
    /// Another learner presenting a store transaction someone already owns: <c>Never</c> (default: <c>seenBefore</c>, no
    /// entitlement) or <c>ToPresenter</c> (a restore on a new account moves the subscription; the previous owner loses it).
    /// </summary>
    public TransferRule TransferRule { get; set; } = TransferRule.Never;

    /// <summary>How long an instance keeps a learner's entitlement in memory; every change on this instance drops it.</summary>
    public TimeSpan EntitlementCacheLifetime { get; set; } = TimeSpan.FromSeconds(5);
}
