using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Learners;

namespace LearningPlatform.Domain.UnitTests.Learners;

public class LearnerTests
{
    private static readonly DateTimeOffset Now = ExamBuilder.Now;

    [Fact]
    public void A_token_name_names_a_new_learner_and_later_token_names_replace_it()
    {
        var id = Guid.NewGuid();

        var learner = Learner.FromToken(id, " Ada ", Now)!;

        learner.Id.Should().Be(id);
        learner.DisplayName.Should().Be("Ada");
        learner.NameSource.Should().Be(NameSource.Token);
        learner.SeenWithToken("Ada", Now.AddHours(1)).Should().BeFalse("the same name is no change");
        learner.UpdatedAt.Should().Be(Now);
        learner.SeenWithToken("Ada L.", Now.AddHours(2)).Should().BeTrue();
        learner.DisplayName.Should().Be("Ada L.");
        learner.UpdatedAt.Should().Be(Now.AddHours(2));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("ada@example.com")]   // what tokens carried as name before accounts had display names
    [InlineData("A")]
    [InlineData("Bad\u0000Name")]
    public void A_token_without_a_usable_name_creates_no_learner_and_changes_no_name(string? tokenName)
    {
        Learner.FromToken(Guid.NewGuid(), tokenName, Now).Should().BeNull();

        var learner = Learner.FromToken(Guid.NewGuid(), "Ada", Now)!;
        learner.SeenWithToken(tokenName, Now.AddHours(1)).Should().BeFalse();
        learner.DisplayName.Should().Be("Ada");
    }

    [Fact]
    public void A_name_chosen_in_the_profile_is_never_replaced_by_a_token_name()
    {
        var learner = Learner.FromToken(Guid.NewGuid(), "Token Name", Now)!;

        learner.Rename("  Chosen Name ", Now.AddHours(1));

        learner.DisplayName.Should().Be("Chosen Name");
        learner.NameSource.Should().Be(NameSource.Profile);
        learner.SeenWithToken("Token Name", Now.AddHours(2)).Should().BeFalse();
        learner.SeenWithToken("Another Token Name", Now.AddHours(3)).Should().BeFalse();
        learner.DisplayName.Should().Be("Chosen Name");
        learner.UpdatedAt.Should().Be(Now.AddHours(1));
    }

    [Fact]
    public void A_learner_first_seen_through_the_profile_keeps_the_chosen_name()
    {
        var learner = Learner.FromProfile(Guid.NewGuid(), "Chosen", Now);

        learner.NameSource.Should().Be(NameSource.Profile);
        learner.SeenWithToken("Token Name", Now.AddHours(1)).Should().BeFalse();
        learner.DisplayName.Should().Be("Chosen");
    }

    [Fact]
    public void A_name_that_breaks_the_rule_is_refused_and_changes_nothing()
    {
        var learner = Learner.FromToken(Guid.NewGuid(), "Ada", Now)!;

        var rename = () => learner.Rename("ada@example.com", Now.AddHours(1));

        rename.Should().Throw<DomainException>().Which.Should().Match<DomainException>(e =>
            e.Code == "learner.invalid_display_name" && e.Kind == DomainErrorKind.Invalid && e.Message == DisplayNameRule.EmailMessage);
        learner.DisplayName.Should().Be("Ada");
        learner.NameSource.Should().Be(NameSource.Token);
        FluentActions.Invoking(() => Learner.FromProfile(Guid.NewGuid(), "x", Now)).Should().Throw<DomainException>();
    }
}
