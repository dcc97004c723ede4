using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Rewards;

namespace LearningPlatform.Domain.UnitTests.Rewards;

public class RewardTests
{
    private static readonly DateTimeOffset Now = ExamBuilder.Now;
    private static readonly Guid Learner = Guid.NewGuid();
    private static readonly Guid Admin = Guid.NewGuid();

    private static Reward Assigned() => Reward.Assign(Learner, Guid.NewGuid(), Guid.NewGuid(), Now);

    private static Reward In(RewardStatus status)
    {
        var reward = Assigned();
        var coupon = Guid.NewGuid();
        switch (status)
        {
            case RewardStatus.Assigned:
                break;
            case RewardStatus.Requested:
                reward.Claim(Learner, coupon, Now);
                break;
            case RewardStatus.Approved:
                reward.Claim(Learner, coupon, Now);
                reward.Approve(Admin, Now);
                break;
            case RewardStatus.Rejected:
                reward.Claim(Learner, coupon, Now);
                reward.Reject(Admin, "duplicate account", Now);
                break;
            case RewardStatus.Fulfilled:
                reward.Claim(Learner, coupon, Now);
                reward.Approve(Admin, Now);
                reward.Fulfill(Admin, Now);
                break;
            case RewardStatus.Cancelled:
                reward.Cancel(RewardActor.Admin, Admin, "result invalidated", Now);
                break;
        }

        return reward;
    }

    private static Action MoveTo(Reward reward, RewardStatus to) => to switch
    {
        RewardStatus.Requested => () => reward.Claim(Learner, Guid.NewGuid(), Now),
        RewardStatus.Approved => () => reward.Approve(Admin, Now),
        RewardStatus.Rejected => () => reward.Reject(Admin, "reason", Now),
        RewardStatus.Fulfilled => () => reward.Fulfill(Admin, Now),
        RewardStatus.Cancelled => () => reward.Cancel(RewardActor.Admin, Admin, "reason", Now),
        _ => throw new ArgumentOutOfRangeException(nameof(to)),
    };

    public static TheoryData<RewardStatus, RewardStatus> EveryMove()
    {
        var data = new TheoryData<RewardStatus, RewardStatus>();
        foreach (var from in Enum.GetValues<RewardStatus>())
        {
            foreach (var to in Enum.GetValues<RewardStatus>().Where(s => s != RewardStatus.Assigned))
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryMove))]
    public void Only_the_moves_of_the_state_machine_are_allowed(RewardStatus from, RewardStatus to)
    {
        var allowed = (from, to) is (RewardStatus.Assigned, RewardStatus.Requested)
            or (RewardStatus.Requested, RewardStatus.Approved) or (RewardStatus.Requested, RewardStatus.Rejected)
            or (RewardStatus.Approved, RewardStatus.Fulfilled)
            or (RewardStatus.Assigned, RewardStatus.Cancelled) or (RewardStatus.Requested, RewardStatus.Cancelled)
            or (RewardStatus.Approved, RewardStatus.Cancelled);
        var reward = In(from);
        var recorded = reward.Transitions.Count;

        var act = MoveTo(reward, to);

        if (allowed)
        {
            act();
            reward.Status.Should().Be(to);
            reward.Transitions.Should().HaveCount(recorded + 1);
            reward.Transitions[^1].Should().BeEquivalentTo(new { From = from, To = to, At = Now });
        }
        else
        {
            act.Should().Throw<DomainException>().Which.Code.Should().Be("reward.invalid_transition");
            reward.Status.Should().Be(from);
            reward.Transitions.Should().HaveCount(recorded);
        }
    }

    [Fact]
    public void Every_move_records_who_when_and_why()
    {
        var reward = In(RewardStatus.Requested);

        reward.Reject(Admin, "  the account was closed  ", Now.AddMinutes(5));

        reward.Transitions.Select(t => (t.From, t.To, t.ActorKind, t.ActorId, t.Reason)).Should().Equal(
            (RewardStatus.Assigned, RewardStatus.Requested, RewardActor.Learner, (Guid?)Learner, (string?)null),
            (RewardStatus.Requested, RewardStatus.Rejected, RewardActor.Admin, Admin, "the account was closed"));
        reward.Transitions[^1].At.Should().Be(Now.AddMinutes(5));
        reward.UpdatedAt.Should().Be(Now.AddMinutes(5));
    }

    [Fact]
    public void Approving_and_fulfilling_keep_the_admins_optional_reason_and_refuse_one_too_long()
    {
        var reward = In(RewardStatus.Requested);

        reward.Approve(Admin, Now, "  checked the winner  ");
        FluentActions.Invoking(() => reward.Fulfill(Admin, Now, new string('x', 501))).Should().Throw<DomainException>()
            .Which.Code.Should().Be("reward.reason_too_long");
        reward.Fulfill(Admin, Now, "   ");

        reward.Status.Should().Be(RewardStatus.Fulfilled);
        reward.Transitions.Select(t => t.Reason).Should().Equal(null, "checked the winner", null);
    }

    [Fact]
    public void A_claim_reserves_a_coupon_that_rejection_and_cancellation_give_back()
    {
        var coupon = Guid.NewGuid();
        var rejected = Assigned();
        rejected.Claim(Learner, coupon, Now);
        rejected.CouponId.Should().Be(coupon);
        rejected.Reject(Admin, "no", Now).Should().Be(coupon);
        rejected.CouponId.Should().BeNull();

        var cancelled = Assigned();
        cancelled.Claim(Learner, coupon, Now);
        cancelled.Approve(Admin, Now);
        cancelled.Cancel(RewardActor.System, null, "attempt invalidated", Now).Should().Be(coupon);

        var fulfilled = In(RewardStatus.Fulfilled);
        fulfilled.CouponId.Should().NotBeNull("the learner's coupon stays theirs");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Rejecting_or_cancelling_needs_a_reason(string reason)
    {
        var reward = In(RewardStatus.Requested);
        FluentActions.Invoking(() => reward.Reject(Admin, reason, Now)).Should().Throw<DomainException>().Which.Code.Should().Be("reward.reason_required");
        FluentActions.Invoking(() => reward.Cancel(RewardActor.Admin, Admin, new string('x', 501), Now)).Should().Throw<DomainException>();
        reward.Status.Should().Be(RewardStatus.Requested);
    }

    [Fact]
    public void Someone_else_cannot_claim_it_and_is_told_it_does_not_exist()
    {
        var reward = Assigned();
        FluentActions.Invoking(() => reward.Claim(Guid.NewGuid(), Guid.NewGuid(), Now))
            .Should().Throw<DomainException>().Which.Code.Should().Be("reward.not_found");
        reward.Status.Should().Be(RewardStatus.Assigned);
    }

    [Fact]
    public void Admins_see_a_masked_code() =>
        (Coupon.Mask("SPRING-2026-ABCD"), Coupon.Mask("ABCDEFGH"), Coupon.Mask("ABC")).Should().Be(("************ABCD", "******GH", "***"));
}
