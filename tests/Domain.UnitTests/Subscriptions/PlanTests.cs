using LearningPlatform.Domain.Subscriptions;

namespace LearningPlatform.Domain.UnitTests.Subscriptions;

public class PlanTests
{
    [Fact]
    public void A_plan_names_its_product_in_each_store_and_grants_premium()
    {
        var plan = Plan.Create("premium-monthly", "Premium monthly", "com.example.premium.monthly", "premium_monthly");

        plan.Entitlement.Should().Be(Plan.Premium);
        plan.Sells(Store.Apple, "com.example.premium.monthly").Should().BeTrue();
        plan.Sells(Store.Google, "premium_monthly").Should().BeTrue();
        plan.Sells(Store.Google, "com.example.premium.monthly").Should().BeFalse();
    }

    [Fact]
    public void A_plan_sold_in_no_store_is_refused()
    {
        var act = () => Plan.Create("nothing", "Nothing", null, null);

        act.Should().Throw<ArgumentException>();
    }
}
