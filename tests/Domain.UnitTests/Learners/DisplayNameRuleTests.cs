using LearningPlatform.Domain.Learners;

namespace LearningPlatform.Domain.UnitTests.Learners;

public class DisplayNameRuleTests
{
    private const string LoneSurrogate = "<lone surrogate>";

    [Theory]
    [InlineData("Jo", "Jo")]
    [InlineData("  Ada Lovelace  ", "Ada Lovelace")]
    [InlineData("Jürgen Müller", "Jürgen Müller")]
    [InlineData("李小龍", "李小龍")]
    [InlineData("می\u200cخواهم", "می\u200cخواهم")]                                  // a Persian name with a zero-width non-joiner
    [InlineData("🦊🦊", "🦊🦊")]                                                     // two characters, four UTF-16 units
    [InlineData("O'Brien-Smith (Jr.)", "O'Brien-Smith (Jr.)")]
    public void Names_within_the_rule_are_accepted_without_surrounding_spaces(string name, string stored)
    {
        DisplayNameRule.Problem(name).Should().BeNull();
        DisplayNameRule.Accept(name).Should().Be(stored);
    }

    [Fact]
    public void Forty_characters_are_accepted_and_forty_one_are_not_counting_characters_not_utf16_units()
    {
        DisplayNameRule.Problem(new string('a', 40)).Should().BeNull();
        DisplayNameRule.Problem(string.Concat(Enumerable.Repeat("🦊", 40))).Should().BeNull();
        DisplayNameRule.Problem(new string('a', 41)).Should().Be(DisplayNameRule.LengthMessage);
        DisplayNameRule.Problem(" " + new string('a', 40) + " ").Should().BeNull("surrounding spaces do not count");
    }

    [Theory]
    [InlineData(null, DisplayNameRule.RequiredMessage)]
    [InlineData("", null)]
    [InlineData("   ", null)]
    [InlineData("A", null)]
    [InlineData("  A  ", null)]
    [InlineData("Nul\u0000Name", DisplayNameRule.ControlMessage)]
    [InlineData("Esc\u001b[31mName", DisplayNameRule.ControlMessage)]
    [InlineData("Tab\tName", DisplayNameRule.ControlMessage)]
    [InlineData("Trailing newline\n", DisplayNameRule.ControlMessage)]
    [InlineData("C1\u0085Name", DisplayNameRule.ControlMessage)]
    [InlineData("Line\u2028Separator", DisplayNameRule.SingleLineMessage)]
    [InlineData("admin\u202Egnp.exe", DisplayNameRule.BidiMessage)]
    [InlineData("Isolate\u2066Name", DisplayNameRule.BidiMessage)]
    [InlineData("me@example.com", DisplayNameRule.EmailMessage)]
    [InlineData("me\uFF20example.com", DisplayNameRule.EmailMessage)]
    [InlineData(LoneSurrogate, DisplayNameRule.EncodingMessage)]
    public void Names_that_break_the_rule_are_refused_with_the_reason(string? name, string? reason)
    {
        // An attribute's strings are stored as UTF-8, which cannot hold a lone surrogate: that one is made here.
        var sample = name == LoneSurrogate ? "Lone" + '\uD800' + "Surrogate" : name;

        DisplayNameRule.Problem(sample).Should().Be(reason ?? DisplayNameRule.LengthMessage);
        DisplayNameRule.Accept(sample).Should().BeNull();
    }
}
