using LearningPlatform.Application.QuestionBank.Import;

namespace LearningPlatform.Application.UnitTests.QuestionBank;

public class GiftParserTests
{
    private static string Gift(params string[] lines) => string.Join("\n", lines);

    private static ImportedQuestion Single(string gift)
    {
        var result = GiftParser.Parse(gift);
        result.Problems.Should().BeEmpty();
        return result.Questions.Should().ContainSingle().Subject;
    }

    private static ImportProblem SingleProblem(string gift)
    {
        var result = GiftParser.Parse(gift);
        result.Succeeded.Should().BeFalse();
        return result.Problems.Should().ContainSingle().Subject;
    }

    [Fact]
    public void Multiple_choice_question_reads_title_stem_choices_and_feedback()
    {
        var question = Single(Gift(
            "::Capital of France:: What is the capital of France? {",
            "  =Paris # Right: the capital since 987.",
            "  ~Lyon #Lyon is the third city.",
            "  ~Marseille",
            "}"));

        question.Should().BeEquivalentTo(new
        {
            Line = 1,
            Item = (int?)null,
            Title = "Capital of France",
            CategoryPath = (string?)null,
            Stem = "What is the capital of France?",
            Points = 1,
            Explanation = (string?)null,
            Tags = Array.Empty<string>(),
        });
        question.Choices.Should().Equal(
            new ImportedChoice("Paris", true, "Right: the capital since 987."),
            new ImportedChoice("Lyon", false, "Lyon is the third city."),
            new ImportedChoice("Marseille", false));
    }

    [Theory]
    [InlineData("{T}", true)]
    [InlineData("{TRUE}", true)]
    [InlineData("{F}", false)]
    [InlineData("{FALSE}", false)]
    [InlineData("{true}", true)]
    public void True_false_becomes_two_choices_True_and_False(string answer, bool isTrue)
    {
        var question = Single("The Sun is a star. " + answer);

        question.Stem.Should().Be("The Sun is a star.");
        question.Choices.Should().Equal(new ImportedChoice("True", isTrue), new ImportedChoice("False", !isTrue));
    }

    [Fact]
    public void True_false_feedback_is_first_for_a_wrong_answer_then_for_a_right_one()
    {
        var result = GiftParser.Parse(Gift(
            "Water boils at 100 °C at sea level. {TRUE#No: at sea level it does.#Yes: 100 °C at 1 atm.}",
            "",
            "The Moon is a planet. {F #It orbits the Earth, so it is a moon. #Right, it is a natural satellite.}"));

        result.Problems.Should().BeEmpty();
        result.Questions[0].Choices.Should().Equal(
            new ImportedChoice("True", true, "Yes: 100 °C at 1 atm."),
            new ImportedChoice("False", false, "No: at sea level it does."));
        result.Questions[1].Choices.Should().Equal(
            new ImportedChoice("True", false, "It orbits the Earth, so it is a moon."),
            new ImportedChoice("False", true, "Right, it is a natural satellite."));
        result.Questions[1].Line.Should().Be(3);
    }

    [Fact]
    public void General_feedback_after_four_hashes_becomes_the_explanation()
    {
        var question = Single("Which gas do plants take in? {=Carbon dioxide ~Oxygen ~Helium ####Photosynthesis uses CO2.\\nIt releases oxygen.}");

        question.Explanation.Should().Be("Photosynthesis uses CO2.\nIt releases oxygen.");
        question.Choices.Select(c => c.Text).Should().Equal("Carbon dioxide", "Oxygen", "Helium");
        question.Choices.Should().OnlyContain(c => c.Feedback == null);
    }

    [Fact]
    public void True_false_takes_general_feedback_too()
    {
        var question = Single("Sound travels faster than light. {F#Light is faster.####Light: 300,000 km/s; sound: 343 m/s.}");

        question.Explanation.Should().Be("Light: 300,000 km/s; sound: 343 m/s.");
        question.Choices[0].Should().Be(new ImportedChoice("True", false, "Light is faster."));
    }

    [Fact]
    public void Category_line_applies_to_the_questions_after_it_without_Moodle_context_and_root()
    {
        var result = GiftParser.Parse(Gift(
            "Before any category. {T}",
            "",
            "// question: 0  name: Switch category to $course$/top/Geography",
            "$CATEGORY: $course$/top/Geography",
            "",
            "Paris is in France. {T}",
            "",
            "$CATEGORY: Science / Physics ",
            "Light is a wave. {T}",
            "",
            "Sound needs a medium. {T}",
            "",
            "$CATEGORY: $course$/top",
            "",
            "No category again. {T}"));

        result.Problems.Should().BeEmpty();
        result.Questions.Select(q => (q.Line, q.CategoryPath)).Should().Equal(
            (1, null), (6, "Geography"), (9, "Science/Physics"), (11, "Science/Physics"), (15, null));
    }

    [Fact]
    public void Tags_and_points_come_from_comment_lines_in_the_question_block()
    {
        var result = GiftParser.Parse(Gift(
            "// Geography, set 1",
            "// tags: Europe, capitals, europe",
            "// Points: 5",
            "::Q1:: Capital of Spain? {=Madrid ~Barcelona}",
            "",
            "::Q2:: Capital of Italy? {=Rome ~Milan}"));

        result.Problems.Should().BeEmpty();
        result.Questions[0].Should().BeEquivalentTo(new { Line = 4, Points = 5, Tags = new[] { "europe", "capitals" } });
        result.Questions[1].Should().BeEquivalentTo(new { Line = 6, Points = 1, Tags = Array.Empty<string>() });
    }

    [Fact]
    public void Comment_lines_are_ignored_between_and_inside_questions()
    {
        var result = GiftParser.Parse(Gift(
            "// A file header",
            "// on two lines",
            "",
            "Largest ocean? {",
            "// the right one first",
            "=Pacific",
            "   // a wrong one",
            "~Atlantic",
            "}",
            "// trailing comment"));

        result.Problems.Should().BeEmpty();
        var question = result.Questions.Should().ContainSingle().Subject;
        question.Line.Should().Be(4);
        question.Choices.Select(c => c.Text).Should().Equal("Pacific", "Atlantic");
    }

    [Fact]
    public void Escaped_characters_are_text_not_syntax()
    {
        var question = Single(@"::Maths\: sums:: 1 + 1 \= ? \{braces\} {=2 \# two ~1 \~ one #a \= b ~C:\\temp ~100\%}");

        question.Title.Should().Be("Maths: sums");
        question.Stem.Should().Be("1 + 1 = ? {braces}");
        question.Choices.Should().Equal(
            new ImportedChoice("2 # two", true),
            new ImportedChoice("1 ~ one", false, "a = b"),
            new ImportedChoice(@"C:\temp", false),
            new ImportedChoice(@"100\%", false));
    }

    [Fact]
    public void Escaped_newline_is_a_line_break_in_the_stem_and_file_lines_join_it_too()
    {
        var question = Single(Gift("First line\\nsecond line", "third line {=a ~b}"));

        question.Stem.Should().Be("First line\nsecond line\nthird line");
    }

    [Fact]
    public void Answers_may_span_several_indented_lines()
    {
        var question = Single(Gift(
            "The American holiday of Thanksgiving is celebrated on the {",
            "\t~second",
            "\t~third",
            "\t=fourth",
            "} Thursday of November."));

        question.Stem.Should().Be("The American holiday of Thanksgiving is celebrated on the _____ Thursday of November.");
        question.Choices.Should().Equal(new ImportedChoice("second", false), new ImportedChoice("third", false), new ImportedChoice("fourth", true));
    }

    [Fact]
    public void Text_after_the_answers_leaves_a_blank_where_they_were()
    {
        Single("Grant is {~buried =entombed ~living} in Grant's tomb.").Stem.Should().Be("Grant is _____ in Grant's tomb.");
        Single("Who is buried in Grant's tomb? {~Grant =no one}.").Stem.Should().Be("Who is buried in Grant's tomb? _____.");
    }

    [Fact]
    public void A_choice_written_over_two_lines_reads_as_one_line()
    {
        Single(Gift("Pick one {=a long", "answer ~b}")).Choices[0].Text.Should().Be("a long answer");
    }

    [Fact]
    public void Format_markers_are_dropped_and_html_is_kept_as_written()
    {
        Single("[markdown]Is *this* bold? {T}").Stem.Should().Be("Is *this* bold?");
        Single("::T:: [plain] Plain? {=[plain]yes ~no #[plain]fb}").Should().BeEquivalentTo(new
        {
            Stem = "Plain?",
            Choices = new[] { new ImportedChoice("yes", true), new ImportedChoice("no", false, "fb") },
        });
        var html = Single("[html]<p>Which tag is <b>bold</b>?</p> {=&lt;b&gt; ~&lt;i&gt; ####[html]<i>b</i> is bold}");
        html.Stem.Should().Be("<p>Which tag is <b>bold</b>?</p>");
        html.Explanation.Should().Be("<i>b</i> is bold");
    }

    [Fact]
    public void Windows_line_endings_read_like_unix_ones()
    {
        var unix = Gift(
            "// tags: physics",
            "::Q1:: Light is fast. {",
            "=True fact",
            "~False fact",
            "####Very fast.",
            "}",
            "",
            "",
            "$CATEGORY: $course$/top/Science",
            "",
            "::Q2:: Second question {T}");
        var windows = GiftParser.Parse(unix.Replace("\n", "\r\n") + "\r\n");

        windows.Should().BeEquivalentTo(GiftParser.Parse(unix));
        windows.Questions.Select(q => q.Line).Should().Equal(2, 11);
        windows.Questions[0].Explanation.Should().Be("Very fast.");
        windows.Questions[1].CategoryPath.Should().Be("Science");
    }

    [Fact]
    public void A_byte_order_mark_at_the_start_is_ignored()
    {
        Single("\uFEFF::Q:: Stem {T}").Title.Should().Be("Q");
    }

    [Theory]
    [InlineData("Partial credit {~%50%half =full ~none}", 1, "import.partial_credit_unsupported")]
    [InlineData("Match these {=cat -> cat food =dog -> dog food}", 1, "import.matching_unsupported")]
    [InlineData("When was Grant born? {#1822:5}", 1, "import.numerical_unsupported")]
    [InlineData("Two plus {=two =2} equals four.", 1, "import.short_answer_unsupported")]
    [InlineData("Who is buried? {=no one}", 1, "import.short_answer_unsupported")]
    [InlineData("Capital of France? {Paris}", 1, "import.short_answer_unsupported")]
    [InlineData("Write an essay. {}", 1, "import.essay_unsupported")]
    [InlineData("Write an essay. {####Graded by hand.}", 1, "import.essay_unsupported")]
    [InlineData("Pick one {=a =b ~c}", 1, "import.multiple_correct")]
    [InlineData("Pick one {~a ~b ~c}", 1, "import.no_correct_choice")]
    [InlineData("Pick one {=a ~b", 1, "import.unclosed_brace")]
    [InlineData("::T::\nPick one {\n=a ~b\n{=c ~d}", 2, "import.unclosed_brace")]
    [InlineData("Pick one =a ~b}", 1, "import.unexpected_brace")]
    [InlineData("Pick one {=a ~b}\nand {=c ~d}", 2, "import.unexpected_brace")]
    [InlineData("Just a description, no answers.", 1, "import.no_answer_block")]
    [InlineData("::Unclosed title Pick one {=a ~b}", 1, "import.unclosed_title")]
    [InlineData("Pick one {\nstray\n=a ~b}", 2, "import.answer_without_marker")]
    [InlineData("Pick one {=a}\n", 1, "import.short_answer_unsupported")]
    [InlineData("Only one choice {=a ~}", 1, "import.invalid_choice")]
    [InlineData("Same twice {=Paris ~paris}", 1, "import.duplicate_choice")]
    [InlineData("Nine {=1 ~2 ~3 ~4 ~5 ~6 ~7 ~8 ~9}", 1, "import.invalid_choice_count")]
    [InlineData("A line break in a choice {=a\\nb ~c}", 1, "import.invalid_choice")]
    [InlineData("// points: 0\nZero points {T}", 2, "import.invalid_points")]
    [InlineData("// points: 1001\nToo many points {T}", 2, "import.invalid_points")]
    [InlineData("// points: five\nWords {T}", 1, "import.invalid_points")]
    [InlineData("// points: 2\n// points: 3\nTwice {T}", 2, "import.invalid_points")]
    [InlineData("// tags: geo graphy\nSpace in a tag {T}", 2, "import.invalid_tag")]
    [InlineData("// tags: a,b,c,d,e,f,g,h,i,j,k\nEleven tags {T}", 2, "import.too_many_tags")]
    [InlineData("$CATEGORY: $course$/top/Science//Physics\n\nQ {T}", 1, "import.invalid_category")]
    [InlineData("// tags: orphan\n\nQ {T}", 1, "import.directive_without_question")]
    public void A_refused_construct_is_one_problem_with_its_line_and_code(string gift, int line, string code)
    {
        var problem = SingleProblem(gift);

        problem.Should().BeEquivalentTo(new { Line = line, Item = (int?)null, Code = code });
        problem.Message.Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Each_weighted_answer_is_reported_on_its_line()
    {
        var result = GiftParser.Parse(Gift("Several right answers {", "~%50%a", "~%50%b", "~c", "}"));

        result.Problems.Select(p => (p.Line, p.Code)).Should().Equal(
            (2, "import.partial_credit_unsupported"), (3, "import.partial_credit_unsupported"));
    }

    [Fact]
    public void The_bank_limits_on_lengths_are_problems_of_the_question()
    {
        var result = GiftParser.Parse(Gift(
            $"::{new string('t', 201)}:: {new string('s', 2001)} {{=ok ~{new string('c', 501)} #{new string('f', 501)} ####{new string('e', 2001)}}}"));

        result.Questions.Should().BeEmpty();
        result.Problems.Select(p => p.Code).Should().BeEquivalentTo(
            "import.invalid_stem", "import.invalid_choice", "import.invalid_feedback", "import.invalid_explanation", "import.invalid_title");
        result.Problems.Should().OnlyContain(p => p.Line == 1);
    }

    [Fact]
    public void Lengths_at_the_limits_are_accepted()
    {
        var tags = string.Join(",", Enumerable.Range(0, 10).Select(i => new string((char)('a' + i), 40)));
        var question = Single(Gift(
            $"// tags: {tags}",
            "// points: 1000",
            $"::{new string('t', 200)}:: {new string('s', 2000)} {{=ok ~{new string('c', 500)} #{new string('f', 500)} ~3 ~4 ~5 ~6 ~7 ~8 ####{new string('e', 2000)}}}"));

        question.Choices.Should().HaveCount(8);
        question.Tags.Should().HaveCount(10);
        question.Points.Should().Be(1000);
    }

    [Fact]
    public void Every_problem_of_a_file_is_reported_and_the_good_questions_are_still_read()
    {
        var result = GiftParser.Parse(Gift(
            "Good one {=a ~b}",
            "",
            "Numerical {#3:1}",
            "",
            "::Second good:: Another {=c ~d}",
            "",
            "Matching {=a -> b =c -> d}",
            "",
            "Missing",
            "brace {=a ~b"));

        result.Succeeded.Should().BeFalse();
        result.Problems.Select(p => (p.Line, p.Code)).Should().Equal(
            (3, "import.numerical_unsupported"), (7, "import.matching_unsupported"), (10, "import.unclosed_brace"));
        result.Questions.Select(q => q.Line).Should().Equal(1, 5);
    }

    [Fact]
    public void A_bad_points_comment_does_not_hide_the_question_s_other_problems()
    {
        var result = GiftParser.Parse(Gift("// points: lots", "Stem {~a ~b}"));

        result.Problems.Select(p => (p.Line, p.Code)).Should().Equal((1, "import.invalid_points"), (2, "import.no_correct_choice"));
    }

    [Fact]
    public void Past_eight_choices_only_the_first_eight_are_checked_one_by_one()
    {
        var result = GiftParser.Parse("Stem {=a " + string.Concat(Enumerable.Repeat("~b ", 1000)) + "}");

        result.Problems.Select(p => p.Code).Should().BeEquivalentTo(["import.invalid_choice_count", .. Enumerable.Repeat("import.duplicate_choice", 6)]);
    }

    [Fact]
    public void A_question_breaking_several_rules_reports_each()
    {
        var result = GiftParser.Parse(Gift("// tags: ok, not_ok", "// points: 0", "Stem {=a =b ~a}"));

        result.Problems.Select(p => p.Code).Should().BeEquivalentTo(
            "import.duplicate_choice", "import.multiple_correct", "import.invalid_points", "import.invalid_tag");
    }

    [Fact]
    public void A_duplicate_question_is_reported_with_both_lines_and_read_once()
    {
        var result = GiftParser.Parse(Gift(
            "::First:: What is the capital of France? {=Paris ~Lyon ~Nice}",
            "",
            "Another question {T}",
            "",
            "// tags: copy",
            "::Copy:: what is  the Capital of France?",
            "{~nice ~LYON =paris#other feedback}"));

        result.Questions.Select(q => q.Line).Should().Equal(1, 3);
        var problem = result.Problems.Should().ContainSingle().Subject;
        problem.Should().BeEquivalentTo(new { Line = 6, Code = "import.duplicate_question" });
        problem.Message.Should().Contain("line 6").And.Contain("line 1");
    }

    [Fact]
    public void The_same_stem_with_another_right_choice_is_not_a_duplicate()
    {
        var result = GiftParser.Parse(Gift("Pick {=a ~b}", "", "Pick {~a =b}", "", "Pick {=a ~c}", "", "Pick. {=a ~b}"));

        result.Problems.Should().BeEmpty();
        result.Questions.Should().HaveCount(4);
    }

    [Fact]
    public void Over_500_questions_stop_at_the_first_one_over()
    {
        var gift = string.Join("\n\n", Enumerable.Range(1, 502).Select(i => $"Question {i} {{=a ~b}}"));

        var result = GiftParser.Parse(gift);

        result.Problems.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Line = 1001, Code = "import.too_many_questions" });
        result.Questions.Should().HaveCount(500);
    }

    [Fact]
    public void Exactly_500_questions_are_accepted()
    {
        var gift = string.Join("\n\n", Enumerable.Range(1, 500).Select(i => $"Question {i} {{=a ~b}}"));

        GiftParser.Parse(gift).Should().BeEquivalentTo(new { Succeeded = true, Problems = Array.Empty<ImportProblem>() });
    }

    [Fact]
    public void Problems_stop_at_100_with_one_more_saying_so()
    {
        var gift = string.Join("\n\n", Enumerable.Range(1, 150).Select(i => $"Essay {i} {{}}"));

        var result = GiftParser.Parse(gift);

        result.Problems.Should().HaveCount(101);
        result.Problems[99].Line.Should().Be(199);
        result.Problems[^1].Should().BeEquivalentTo(new { Line = (int?)null, Code = "import.too_many_problems" });
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n  \n")]
    [InlineData("// only comments\n// here")]
    [InlineData("$CATEGORY: $course$/top/Geography")]
    public void A_file_without_questions_is_a_problem(string gift)
    {
        SingleProblem(gift).Should().BeEquivalentTo(new { Line = (int?)null, Code = "import.no_questions" });
    }

    [Fact]
    public void Control_characters_in_the_file_are_refused_where_they_land()
    {
        var result = GiftParser.Parse("Stem with a \u0007 bell {=a ~b\u0000}");

        result.Problems.Select(p => p.Code).Should().BeEquivalentTo("import.invalid_stem", "import.invalid_choice");
    }

    [Fact]
    public void Tabs_inside_a_choice_read_as_spaces_and_tabs_in_the_stem_are_kept()
    {
        var question = Single("A\tstem {=a\tb ~c}");

        question.Stem.Should().Be("A\tstem");
        question.Choices[0].Text.Should().Be("a b");
    }

    [Fact]
    public void Any_text_is_read_without_an_exception()
    {
        // Fragments of GIFT syntax in random order: the parser answers problems, never throws (an upload is not a 500).
        string[] pieces = ["{", "}", "=", "~", "#", "####", "::", ":", "\\", "\\n", "\\{", "%50%", "->", "\n", "\n\n", "\r\n",
            "// tags: a", "// points: 2", "$CATEGORY: $course$/top/X", "[html]", "T", "FALSE", "a", " ", "\t", "\u0000", "\uD800"];
        var random = new Random(11);
        for (var i = 0; i < 20_000; i++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 30)).Select(_ => pieces[random.Next(pieces.Length)]));

            var result = FluentActions.Invoking(() => GiftParser.Parse(text)).Should().NotThrow().Subject;

            (result.Questions.Count + result.Problems.Count).Should().BeGreaterThan(0, text);
        }
    }
}
