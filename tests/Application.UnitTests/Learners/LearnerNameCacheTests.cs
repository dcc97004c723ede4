using LearningPlatform.Application.Learners;
using Microsoft.Extensions.Time.Testing;

namespace LearningPlatform.Application.UnitTests.Learners;

public class LearnerNameCacheTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void A_name_looked_up_is_remembered_until_its_lifetime_has_passed_and_a_learner_without_one_too()
    {
        var cache = new LearnerNameCache(_clock);
        Guid named = Guid.NewGuid(), unnamed = Guid.NewGuid();

        cache.Remember([named, unnamed], new Dictionary<Guid, string> { [named] = "Ada" }, cache.Version);
        _clock.Advance(LearnerNameCache.Lifetime - TimeSpan.FromMilliseconds(1));

        cache.TryFind(named, out var name).Should().BeTrue();
        name.Should().Be("Ada");
        cache.TryFind(unnamed, out var none).Should().BeTrue();
        none.Should().BeNull();
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        cache.TryFind(named, out _).Should().BeFalse();
        cache.TryFind(unnamed, out _).Should().BeFalse();
    }

    [Fact]
    public void A_forgotten_learner_is_looked_up_again()
    {
        var cache = new LearnerNameCache(_clock);
        var learner = Guid.NewGuid();
        cache.Remember([learner], new Dictionary<Guid, string> { [learner] = "Before" }, cache.Version);

        cache.Forget(learner);

        cache.TryFind(learner, out _).Should().BeFalse();
    }

    [Fact]
    public void Names_read_before_a_change_was_forgotten_are_not_remembered()
    {
        var cache = new LearnerNameCache(_clock);
        var learner = Guid.NewGuid();
        var versionBeforeRead = cache.Version;

        cache.Forget(learner);   // a change committed while the read was on its way
        cache.Remember([learner], new Dictionary<Guid, string> { [learner] = "Before" }, versionBeforeRead);

        cache.TryFind(learner, out _).Should().BeFalse();
    }

    [Fact]
    public void When_full_expired_entries_make_room_and_otherwise_new_names_are_not_kept()
    {
        var cache = new LearnerNameCache(_clock, maxEntries: 2);
        Guid first = Guid.NewGuid(), second = Guid.NewGuid(), third = Guid.NewGuid();
        cache.Remember([first, second], new Dictionary<Guid, string>(), cache.Version);

        cache.Remember([third], new Dictionary<Guid, string>(), cache.Version);

        cache.TryFind(third, out _).Should().BeFalse("the cache is full of live entries");
        cache.Count.Should().Be(2);
        _clock.Advance(LearnerNameCache.Lifetime);
        cache.Remember([third], new Dictionary<Guid, string> { [third] = "Third" }, cache.Version);
        cache.TryFind(third, out var name).Should().BeTrue();
        name.Should().Be("Third");
        cache.Count.Should().Be(1);
    }
}
