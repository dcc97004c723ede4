using FluentAssertions;
using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Notifications;
using Xunit;

namespace LearningPlatform.Domain.UnitTests.Notifications;

public class OutboxMessageTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static OutboxMessage NewMessage() => OutboxMessage.ToTopic("admin.broadcast", "all", "{}", $"k:{Guid.NewGuid()}", Now);

    [Fact]
    public void A_pending_message_is_sent_once()
    {
        var message = NewMessage();

        message.Delivered(Now);

        message.Status.Should().Be(OutboxStatus.Sent);
        var again = () => message.Delivered(Now.AddSeconds(1));
        again.Should().Throw<DomainException>().Which.Code.Should().Be("outbox.invalid_transition");
        message.Attempts.Should().Be(1);
    }

    [Fact]
    public void A_failure_retries_until_the_last_try_then_dead_letters()
    {
        var message = NewMessage();

        message.Failed("503", Now.AddSeconds(5), maxAttempts: 2, retryable: true, []);
        message.Status.Should().Be(OutboxStatus.Pending);
        message.AvailableAt.Should().Be(Now.AddSeconds(5));

        message.Failed("503", Now.AddSeconds(10), maxAttempts: 2, retryable: true, []);
        message.Status.Should().Be(OutboxStatus.DeadLettered);
    }

    [Fact]
    public void A_finished_message_takes_no_more_tries()
    {
        var sent = NewMessage();
        sent.Delivered(Now);
        var dead = NewMessage();
        dead.Failed("bad token", Now, maxAttempts: 8, retryable: false, []);

        var failSent = () => sent.Failed("late", Now, 8, true, []);
        var deliverDead = () => dead.Delivered(Now);

        failSent.Should().Throw<DomainException>().Which.Code.Should().Be("outbox.invalid_transition");
        deliverDead.Should().Throw<DomainException>().Which.Code.Should().Be("outbox.invalid_transition");
        sent.Status.Should().Be(OutboxStatus.Sent);
        dead.Status.Should().Be(OutboxStatus.DeadLettered);
    }
}
