using LearningPlatform.Domain.Subscriptions;

namespace LearningPlatform.Domain.UnitTests;

public class SubscriptionTests
{
    [Fact]
    public void Active_subscription_is_entitled()
    {
        var now = ExamBuilder.Now;
        Subscription.Activate(Guid.NewGuid(), "monthly", now.AddDays(30), now).IsEntitled.Should().BeTrue();
    }
}
