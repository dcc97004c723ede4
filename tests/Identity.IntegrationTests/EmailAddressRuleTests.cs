using LearningPlatform.Hosting;
using LearningPlatform.Identity.Validation;

namespace LearningPlatform.Identity.IntegrationTests;

/// <summary>The e-mail rule on its own (no host, no database).</summary>
public class EmailAddressRuleTests
{
    [Theory]
    [InlineData("learner@example.com")]
    [InlineData("first.last+tag@sub.example.co.uk")]
    [InlineData("user_1-x@example-domain.io")]
    [InlineData("o!#$%*+/=?^_{|}~-x@example.com")]
    [InlineData("jürgen@münchen.de")]
    [InlineData("用户@例子.广告")]
    [InlineData("a@xn--mnchen-3ya.de")]
    [InlineData("  spaced@example.com ")]
    public void Ordinary_addresses_are_accepted(string email) =>
        EmailAddressRule.Check(email).Should().BeNull();

    [Theory]
    [InlineData("a\u0000b@example.test")]
    [InlineData("red\u001b[31m@example.test")]
    [InlineData("a\tb@example.test")]
    [InlineData("a@example.test\n")]
    [InlineData("a\u007fb@example.test")]
    [InlineData("a\u009bb@example.test")]
    public void Control_characters_are_refused(string email) =>
        EmailAddressRule.Check(email).Should().Be(TextInput.ControlMessage);

    [Theory]
    [InlineData("admin\u202egnp.x@example.test")]   // right-to-left override
    [InlineData("a\u2066b@example.test")]           // left-to-right isolate
    [InlineData("ad\u200bmin@example.test")]        // zero-width space
    [InlineData("a\u200db@example.test")]           // zero-width joiner
    [InlineData("\ufeffa@example.test")]            // byte order mark
    [InlineData("a\u00adb@example.test")]           // soft hyphen
    public void Invisible_format_characters_are_refused(string email) =>
        EmailAddressRule.Check(email).Should().Be(EmailAddressRule.FormatCharacters);

    [Theory]
    [InlineData("<script>alert(1)</script>@example.test")]
    [InlineData("a>b@example.test")]
    [InlineData("\"quoted\"@example.test")]
    [InlineData("o'brien@example.test")]
    [InlineData("a`b@example.test")]
    [InlineData("a\\b@example.test")]
    [InlineData("a&amp;b@example.test")]
    [InlineData("a b@example.test")]
    [InlineData("a\u00a0b@example.test")]           // no-break space
    [InlineData("a\u3000b@example.test")]           // ideographic space
    [InlineData("a,b@example.test")]
    [InlineData("a;b@example.test")]
    [InlineData("a:b@example.test")]
    [InlineData("a(comment)@example.test")]
    [InlineData("a@[127.0.0.1]")]
    public void Markup_quoting_and_spaces_are_refused(string email) =>
        EmailAddressRule.Check(email).Should().Be(EmailAddressRule.MarkupCharacters);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_address_is_refused(string? email) =>
        EmailAddressRule.Check(email).Should().Be(EmailAddressRule.Required);

    [Theory]
    [InlineData("plain")]
    [InlineData("@example.test")]
    [InlineData("a@")]
    [InlineData("a@@example.test")]
    [InlineData("a@b@example.test")]
    [InlineData(".a@example.test")]
    [InlineData("a.@example.test")]
    [InlineData("a..b@example.test")]
    [InlineData("a@localhost")]
    [InlineData("a@example..test")]
    [InlineData("a@example.test.")]
    [InlineData("a@-example.test")]
    [InlineData("a@example-.test")]
    [InlineData("a@exa_mple.test")]
    [InlineData("a@1.2.3.4")]
    [InlineData("\ud83d\ude00@example.test")]       // an emoji
    [InlineData("a\ud800@example.test")]            // a lone surrogate
    [InlineData("a\ue000@example.test")]            // a private-use character
    public void Malformed_addresses_are_refused(string email) =>
        EmailAddressRule.Check(email).Should().Be(EmailAddressRule.Malformed);

    [Fact]
    public void Lengths_are_bounded_by_RFC_5321()
    {
        var label = new string('d', 63);
        var longest = new string('a', 64) + "@" + string.Join('.', label, label, new string('d', 58)) + ".io";
        longest.Length.Should().Be(254);
        EmailAddressRule.Check(longest).Should().BeNull();
        EmailAddressRule.Check("a" + longest).Should().Be(EmailAddressRule.TooLong);

        EmailAddressRule.Check(new string('a', 65) + "@example.test").Should().Be(EmailAddressRule.Malformed, "a local part holds at most 64 characters");
        EmailAddressRule.Check("a@" + new string('d', 64) + ".test").Should().Be(EmailAddressRule.Malformed, "a domain label holds at most 63 characters");
    }

    [Fact]
    public void Normalizing_drops_only_surrounding_spaces() =>
        EmailAddressRule.Normalize("  Learner@Example.com ").Should().Be("Learner@Example.com");
}
