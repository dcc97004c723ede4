using System.Text.Json;
using System.Text.RegularExpressions;
using LearningPlatform.Application.QuestionBank.Import;

namespace LearningPlatform.Application.UnitTests.QuestionBank;

/// <summary>
/// docs/examples/question-bank.gift is the example the documentation points to, and docs/question-import.md shows one
/// of each format: they must import as they are.
/// </summary>
public class ExampleGiftFileTests
{
    private static readonly QuestionImportResult Result = GiftParser.Parse(File.ReadAllText(RepositoryFile("docs", "examples", "question-bank.gift")));

    private static string RepositoryFile(params string[] path)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LearningPlatform.sln")))
            {
                return Path.Combine([directory.FullName, .. path]);
            }
        }

        throw new InvalidOperationException("LearningPlatform.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void The_examples_in_the_documentation_import_as_they_are()
    {
        var doc = File.ReadAllText(RepositoryFile("docs", "question-import.md"));
        var blocks = Regex.Matches(doc, "```(\\w*)\\n(.*?)```", RegexOptions.Singleline).Select(m => (Language: m.Groups[1].Value, Text: m.Groups[2].Value)).ToList();
        var gift = GiftParser.Parse(blocks.Single(b => b.Language == "gift").Text);
        var json = JsonQuestionImport.Validate(JsonSerializer.Deserialize<QuestionImportDocument>(
            blocks.Single(b => b.Language == "json" && b.Text.Contains("\"questions\"")).Text, JsonSerializerOptions.Web));

        gift.Problems.Should().BeEmpty();
        json.Problems.Should().BeEmpty();
        gift.Questions.Select(q => q.DuplicateKey).Should().Equal(json.Questions.Select(q => q.DuplicateKey));
        gift.Questions.Should().BeEquivalentTo(json.Questions, o => o.Excluding(q => q.Line).Excluding(q => q.Item));
    }

    [Fact]
    public void The_example_file_imports_its_30_questions_without_a_problem()
    {
        Result.Problems.Should().BeEmpty();
        Result.Questions.Select(q => q.Title).Should().Equal(
            "Capital of Australia", "Largest ocean", "Highest mountain", "Largest country", "Sahara", "Capital of Canada",
            "Amazon mouth", "Smallest country", "Equator", "Kilimanjaro", "Capital of Iceland", "Danube", "Capital of Japan",
            "Deepest lake", "Strait of Gibraltar",
            "Symbol for gold", "Light and sound", "Closest planet", "Pluto", "Boiling point", "Photosynthesis", "Electron charge",
            "Adult bones", "Unit of force", "Sound in a vacuum", "Red Planet", "Hardest mineral", "DNA", "Absolute zero",
            "Mass-energy equivalence");
        Result.Questions.Select(q => q.CategoryPath).Should().Equal(Enumerable.Repeat("Geography", 15).Concat(Enumerable.Repeat("Science", 15)));
    }

    [Fact]
    public void The_example_mixes_multiple_choice_and_true_false_with_tags_points_feedback_and_explanations()
    {
        Result.Questions.Should().OnlyContain(q => q.Tags.Count > 0 && q.Choices.Count(c => c.IsCorrect) == 1);
        Result.Questions.Count(q => q.Choices.Select(c => c.Text).SequenceEqual(new[] { "True", "False" })).Should().Be(10);
        Result.Questions.Count(q => q.Explanation is not null).Should().Be(10);
        Result.Questions.Where(q => q.Points > 1).Select(q => (q.Title, q.Points)).Should().Equal(
            ("Danube", 2), ("Deepest lake", 2), ("Adult bones", 2), ("Mass-energy equivalence", 3));
        Result.Questions.Select(q => q.DuplicateKey).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void The_example_questions_read_as_written()
    {
        Result.Questions[0].Should().BeEquivalentTo(new
        {
            Line = 8,
            Stem = "What is the capital of Australia?",
            Tags = new[] { "capitals", "oceania" },
            Points = 1,
            Explanation = (string?)null,
            Choices = new[]
            {
                new ImportedChoice("Canberra", true, "Right: Canberra was built to be the capital."),
                new ImportedChoice("Sydney", false, "Sydney is the largest city, not the capital."),
                new ImportedChoice("Melbourne", false, "Melbourne was the seat of government until 1927, but not the capital today."),
                new ImportedChoice("Perth", false),
            },
        });
        Result.Questions.Single(q => q.Title == "Capital of Japan").Choices.Should().Equal(
            new ImportedChoice("True", false, "Kyoto was the imperial capital for over a thousand years; today the capital is Tokyo."),
            new ImportedChoice("False", true, "Right: the capital is Tokyo."));
        Result.Questions.Single(q => q.Title == "Strait of Gibraltar").Stem.Should().Be("The Strait of Gibraltar lies between Spain and _____.");
        Result.Questions[^1].Should().BeEquivalentTo(new
        {
            Stem = "In the equation E = mc², what does c stand for?",
            Explanation = "E = mc² says that mass and energy are equivalent; c² is a very large factor.",
        });
    }
}
