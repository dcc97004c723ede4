using FluentAssertions;
using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Rewards;
using Xunit;

namespace LearningPlatform.Domain.UnitTests.Rewards;

public class CouponTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static Coupon NewCoupon() => Coupon.Import(Guid.NewGuid(), "cipher", "hash", "****ABCD", Now);

    [Fact]
    public void An_available_coupon_is_reserved_for_one_reward_and_released_back()
    {
        var coupon = NewCoupon();
        var reward = Guid.NewGuid();

        coupon.ReserveFor(reward);
        coupon.Status.Should().Be(CouponStatus.Reserved);
        coupon.RewardId.Should().Be(reward);

        coupon.Release();
        coupon.Status.Should().Be(CouponStatus.Available);
        coupon.RewardId.Should().BeNull();
    }

    [Fact]
    public void A_reserved_coupon_cannot_be_reserved_again()
    {
        var coupon = NewCoupon();
        var first = Guid.NewGuid();
        coupon.ReserveFor(first);

        var again = () => coupon.ReserveFor(Guid.NewGuid());

        again.Should().Throw<DomainException>().Which.Code.Should().Be("coupon.invalid_transition");
        coupon.RewardId.Should().Be(first, "the first reward keeps its coupon");
    }

    [Fact]
    public void An_available_coupon_cannot_be_released()
    {
        var release = () => NewCoupon().Release();

        release.Should().Throw<DomainException>().Which.Code.Should().Be("coupon.invalid_transition");
    }
}
