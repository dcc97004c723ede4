using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.QuestionBank;

namespace LearningPlatform.Domain.UnitTests.QuestionBank;

public class BankQuestionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static QuestionContent Content(string stem = "Capital of France?", int points = 5) =>
        QuestionContent.Create("Capitals", stem, [new("Paris", true, "Yes"), new("Lyon", false)], points, "Paris since 987.", ["Geo", "europe"]);

    [Fact]
    public void Editing_adds_a_version_and_leaves_the_first_as_it_was()
    {
        var (question, first) = BankQuestion.Create(Guid.NewGuid(), Content(), QuestionStatus.Ready, Guid.NewGuid(), Now);

        var second = question.Edit(Content("What is the capital of France?", 10), Guid.NewGuid(), Now.AddMinutes(1));

        question.CurrentVersion.Should().Be(2);
        (first.Number, first.Stem, first.Points).Should().Be((1, "Capital of France?", 5));
        (second.Number, second.Stem, second.Points).Should().Be((2, "What is the capital of France?", 10));
        second.QuestionId.Should().Be(question.Id);
        first.Tags.Should().Equal("geo", "europe");
    }

    [Fact]
    public void Content_names_every_broken_rule()
    {
        var act = () => QuestionContent.Create(new string('t', 201), " ", [new("A", true), new("a", true)], 0, null, ["no spaces"]);

        var error = act.Should().Throw<DomainException>().Which;
        error.Code.Should().Be("question.invalid");
        ((IReadOnlyDictionary<string, string[]>)error.Extensions["errors"]!).Keys.Should().BeEquivalentTo("title", "stem", "choices", "points", "tags");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(9)]
    public void A_question_has_two_to_eight_choices(int count)
    {
        var choices = Enumerable.Range(0, count).Select(i => new ChoiceContent($"c{i}", i == 0)).ToList();

        var act = () => QuestionContent.Create(null, "Stem?", choices, 1, null, null);

        act.Should().Throw<DomainException>().Which.Code.Should().Be("question.invalid");
    }

    [Fact]
    public void The_duplicate_key_ignores_case_spacing_and_choice_order_but_not_which_choice_is_right()
    {
        var a = QuestionContent.Create(null, "Capital  of France?", [new("Paris", true), new("Lyon", false)], 1, null, null);
        var b = QuestionContent.Create("Other title", "capital of france? ", [new("lyon", false), new("PARIS", true)], 7, "x", ["t"]);
        var c = QuestionContent.Create(null, "Capital of France?", [new("Paris", false), new("Lyon", true)], 1, null, null);

        a.DuplicateKey.Should().Be(b.DuplicateKey);
        a.DuplicateKey.Should().NotBe(c.DuplicateKey);
    }
}
