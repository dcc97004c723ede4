namespace LearningPlatform.Domain.Subscriptions;

public enum SubscriptionStatus
{
    Active,
    Grace,
    Expired,
    Canceled,
    Refunded,
}

/// <summary>A learner's subscription to a plan. Entitlement (premium exams and content) = ACTIVE or GRACE.</summary>
public sealed class Subscription
{
    private Subscription()
    {
        PlanCode = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid LearnerId { get; private set; }
    public string PlanCode { get; private set; }
    public SubscriptionStatus Status { get; private set; }
    public DateTimeOffset CurrentPeriodEnd { get; private set; }

    public bool IsEntitled => Status is SubscriptionStatus.Active or SubscriptionStatus.Grace;

    public static Subscription Activate(Guid learnerId, string planCode, DateTimeOffset periodEnd, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        LearnerId = learnerId,
        PlanCode = planCode,
        Status = SubscriptionStatus.Active,
        CurrentPeriodEnd = periodEnd,
    };
}
