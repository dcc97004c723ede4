using System.Text.Json;
using System.Text.Json.Serialization;
using LearningPlatform.Application.QuestionBank.Import;

namespace LearningPlatform.Application.UnitTests.QuestionBank;

public class JsonQuestionImportTests
{
    /// <summary>How the WebApi reads request bodies (ApiJson): web defaults, no unknown fields, no numbers as strings.</summary>
    private static readonly JsonSerializerOptions Api = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
    };

    private static QuestionImportItem Item(string stem, params (string Text, bool Correct)[] choices) => new()
    {
        Stem = stem,
        Choices = choices.Select(c => new QuestionImportChoice { Text = c.Text, Correct = c.Correct }).ToList(),
    };

    private static QuestionImportResult Validate(params QuestionImportItem[] items) =>
        JsonQuestionImport.Validate(new QuestionImportDocument { Questions = items });

    [Fact]
    public void A_document_binds_from_camel_case_json_and_yields_its_questions()
    {
        const string json = """
            {
              "questions": [
                {
                  "title": "Capital of France",
                  "category": "Geography / Europe",
                  "stem": "  What is the capital of France?\nPick one.  ",
                  "choices": [
                    { "text": "Paris", "correct": true, "feedback": "Yes." },
                    { "text": " Lyon " },
                    { "text": "Nice", "correct": false, "feedback": "  " }
                  ],
                  "points": 3,
                  "explanation": "Paris has been the capital since 987.",
                  "tags": ["Europe", "capitals", "europe"]
                },
                { "stem": "The Sun is a star.", "choices": [{ "text": "True", "correct": true }, { "text": "False" }] }
              ]
            }
            """;

        var result = JsonQuestionImport.Validate(JsonSerializer.Deserialize<QuestionImportDocument>(json, Api));

        result.Problems.Should().BeEmpty();
        result.Questions.Should().HaveCount(2);
        result.Questions[0].Should().BeEquivalentTo(new
        {
            Line = (int?)null,
            Item = 0,
            Title = "Capital of France",
            CategoryPath = "Geography/Europe",
            Stem = "What is the capital of France?\nPick one.",
            Points = 3,
            Explanation = "Paris has been the capital since 987.",
            Tags = new[] { "europe", "capitals" },
        });
        result.Questions[0].Choices.Should().Equal(
            new ImportedChoice("Paris", true, "Yes."), new ImportedChoice("Lyon", false), new ImportedChoice("Nice", false));
        result.Questions[1].Should().BeEquivalentTo(new
        {
            Item = 1,
            Title = (string?)null,
            CategoryPath = (string?)null,
            Points = 1,
            Explanation = (string?)null,
            Tags = Array.Empty<string>(),
        });
    }

    [Theory]
    [InlineData("""{ "questions": [{ "stem": "s", "choices": [], "answer": 1 }] }""")]
    [InlineData("""{ "questions": [{ "stem": "s", "choices": [], "points": "5" }] }""")]
    public void Unknown_fields_and_numbers_as_strings_do_not_bind(string json)
    {
        FluentActions.Invoking(() => JsonSerializer.Deserialize<QuestionImportDocument>(json, Api)).Should().Throw<JsonException>();
    }

    [Fact]
    public void Each_problem_names_the_index_of_its_question()
    {
        var result = Validate(
            Item("Good", ("a", true), ("b", false)),
            Item("Two right", ("a", true), ("b", true)),
            Item("None right", ("a", false), ("b", false)),
            Item("Good too", ("c", true), ("d", false)),
            Item("", ("a", true), ("b", false)),
            Item("One choice", ("a", true)),
            Item("Blank choice", ("a", true), (" ", false)) with { Points = 0 });

        result.Problems.Select(p => (p.Item, p.Code)).Should().Equal(
            (1, "import.multiple_correct"),
            (2, "import.no_correct_choice"),
            (4, "import.invalid_stem"),
            (5, "import.invalid_choice_count"),
            (6, "import.invalid_choice"),
            (6, "import.invalid_points"));
        result.Problems.Should().OnlyContain(p => p.Line == null);
        result.Questions.Select(q => q.Item).Should().Equal(0, 3);
    }

    [Fact]
    public void Missing_fields_and_null_entries_are_problems_of_their_question()
    {
        var result = Validate(
            null!,
            new QuestionImportItem(),
            new QuestionImportItem { Stem = "Null choice", Choices = [null!, new QuestionImportChoice { Text = "b", Correct = true }] },
            new QuestionImportItem { Stem = "No text", Choices = [new QuestionImportChoice { Correct = true }, new QuestionImportChoice { Text = "b" }] });

        result.Problems.Select(p => (p.Item, p.Code)).Should().Equal(
            (0, "import.invalid_question"),
            (1, "import.invalid_stem"),
            (1, "import.invalid_choice_count"),
            (2, "import.invalid_choice"),
            (3, "import.invalid_choice"));
    }

    [Fact]
    public void The_bank_rules_apply_to_every_field()
    {
        var result = Validate(new QuestionImportItem
        {
            Title = "a\tb",
            Category = "Science//Physics",
            Stem = "Line one\nline two\twith a tab",
            Choices =
            [
                new QuestionImportChoice { Text = "a\nb", Correct = true },
                new QuestionImportChoice { Text = "c", Feedback = new string('f', 501) },
            ],
            Explanation = "Bell \u0007",
            Tags = ["ok", "not ok", new string('x', 41)],
        });

        result.Problems.Select(p => p.Code).Should().Equal(
            "import.invalid_choice", "import.invalid_feedback", "import.invalid_explanation", "import.invalid_title",
            "import.invalid_tag", "import.invalid_tag", "import.invalid_category");
        result.Problems.Should().OnlyContain(p => p.Item == 0);
    }

    [Fact]
    public void A_lone_surrogate_is_refused()
    {
        Validate(Item("Broken \uD800 text", ("a", true), ("b", false))).Problems.Should().ContainSingle()
            .Which.Code.Should().Be("import.invalid_stem");
    }

    [Fact]
    public void Eleven_tags_are_too_many_but_repeats_count_once()
    {
        var tags = Enumerable.Range(0, 11).Select(i => $"t{i}").ToList();

        Validate(Item("q", ("a", true), ("b", false)) with { Tags = tags }).Problems.Should().ContainSingle()
            .Which.Code.Should().Be("import.too_many_tags");
        Validate(Item("q", ("a", true), ("b", false)) with { Tags = [.. tags[..10], "T0", "t1"] }).Succeeded.Should().BeTrue();
    }

    [Fact]
    public void A_duplicate_names_both_items()
    {
        var result = Validate(
            Item("Capital of France?", ("Paris", true), ("Lyon", false)),
            Item("Other", ("x", true), ("y", false)),
            Item("  capital  of france? ", ("lyon", false), ("PARIS", true)));

        result.Questions.Select(q => q.Item).Should().Equal(0, 1);
        var problem = result.Problems.Should().ContainSingle().Subject;
        problem.Should().BeEquivalentTo(new { Item = 2, Line = (int?)null, Code = "import.duplicate_question" });
        problem.Message.Should().Contain("item 2").And.Contain("item 0");
    }

    [Fact]
    public void Over_500_questions_stop_at_item_500()
    {
        var items = Enumerable.Range(0, 600).Select(i => Item($"Question {i}", ("a", true), ("b", false))).ToArray();

        var result = Validate(items);

        result.Problems.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Item = 500, Code = "import.too_many_questions" });
        result.Questions.Should().HaveCount(500);
    }

    [Fact]
    public void Problems_stop_at_100()
    {
        var result = Validate(Enumerable.Range(0, 200).Select(i => Item($"Q{i}", ("a", false), ("b", false))).ToArray());

        result.Problems.Should().HaveCount(101);
        result.Problems[^1].Code.Should().Be("import.too_many_problems");
    }

    [Fact]
    public void A_document_without_questions_is_a_problem()
    {
        JsonQuestionImport.Validate(null).Problems.Should().ContainSingle().Which.Code.Should().Be("import.no_questions");
        JsonQuestionImport.Validate(new QuestionImportDocument()).Problems.Should().ContainSingle().Which.Code.Should().Be("import.no_questions");
        Validate().Problems.Should().ContainSingle().Which.Code.Should().Be("import.no_questions");
    }

    [Fact]
    public void The_same_question_in_GIFT_and_JSON_has_the_same_duplicate_key()
    {
        var gift = GiftParser.Parse("What is the capital of France? {=Paris #Yes ~Lyon ~Nice}").Questions.Single();
        var json = Validate(Item("What is the capital of France?", ("Nice", false), ("Lyon", false), ("Paris", true))).Questions.Single();

        json.DuplicateKey.Should().Be(gift.DuplicateKey).And.MatchRegex("^[0-9a-f]{64}$");
        Validate(Item("What is the capital of France?", ("Nice", true), ("Lyon", false), ("Paris", false))).Questions.Single()
            .DuplicateKey.Should().NotBe(gift.DuplicateKey);
    }

    [Fact]
    public void Refused_carries_the_problems_for_the_ProblemDetails()
    {
        var problems = Validate(Item("q", ("a", false), ("b", false))).Problems;

        var refused = ImportErrors.Refused(problems);

        refused.Code.Should().Be("import.refused");
        refused.Extensions["problems"].Should().BeSameAs(problems);
    }
}
