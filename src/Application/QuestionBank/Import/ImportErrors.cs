using LearningPlatform.Domain.Common;

namespace LearningPlatform.Application.QuestionBank.Import;

/// <summary>
/// The codes of a question import's problems (docs/question-import.md lists them with examples). Each problem says
/// where it is: a GIFT line or a JSON item (<see cref="ImportProblem"/>).
/// </summary>
public static class ImportErrors
{
    /// <summary>The code of a question that repeats another (in the file, or in the bank).</summary>
    public const string DuplicateQuestionCode = "import.duplicate_question";

    /// <summary>The whole import refused for its problems (400), the problems in the ProblemDetails' <c>problems</c>.</summary>
    public static DomainException Refused(IReadOnlyList<ImportProblem> problems) =>
        new("import.refused", $"Nothing was imported: the import has {problems.Count} problem(s); fix them and import the whole file again.",
            DomainErrorKind.Invalid)
        {
            Extensions = new Dictionary<string, object?> { ["problems"] = problems },
        };

    /// <summary>For the bank: <paramref name="question"/> repeats a question it already holds.</summary>
    public static ImportProblem DuplicateOfBankQuestion(ImportedQuestion question, Guid questionId) =>
        new(question.Line, question.Item, DuplicateQuestionCode,
            $"The question at {question.Where} is already in the bank (question {questionId}): same stem and choices.");

    // The file as a whole.

    internal static ImportProblem NoQuestions() =>
        new(null, null, "import.no_questions", "The import holds no question.");

    internal static ImportProblem TooManyQuestions(int? line, int? item) =>
        new(line, item, "import.too_many_questions",
            $"An import holds at most {ImportLimits.MaxQuestions} questions; the one at {ImportProblem.Describe(line, item)} is over it. Split the file.");

    internal static ImportProblem TooManyProblems() =>
        new(null, null, "import.too_many_problems", $"Stopped after {ImportLimits.MaxProblems} problems; fix these and import again.");

    internal static ImportProblem DuplicateQuestion(ImportedQuestion question, ImportedQuestion first) =>
        new(question.Line, question.Item, DuplicateQuestionCode,
            $"The question at {question.Where} repeats the one at {first.Where} (same stem and choices).");

    // GIFT constructs.

    internal static ImportProblem NoAnswerBlock(int line) =>
        new(line, null, "import.no_answer_block", "The question has no answer block ({=right ~wrong} or {T}/{F}); GIFT descriptions are not imported.");

    internal static ImportProblem UnclosedBrace(int line) =>
        new(line, null, "import.unclosed_brace", "The answer block opened here is not closed with } before the question ends (a blank line ends a question).");

    internal static ImportProblem UnexpectedBrace(int line, char brace) =>
        new(line, null, "import.unexpected_brace",
            $"Unexpected '{brace}': a question has one answer block {{...}}; write \\{{ or \\}} for a literal brace.");

    internal static ImportProblem UnclosedTitle(int line) =>
        new(line, null, "import.unclosed_title", "The title opened with :: is not closed with ::; write \\: for a literal colon.");

    internal static ImportProblem EssayUnsupported(int line) =>
        new(line, null, "import.essay_unsupported", "Essay questions ({}) are not supported: a question needs choices.");

    internal static ImportProblem NumericalUnsupported(int line) =>
        new(line, null, "import.numerical_unsupported", "Numerical questions ({#...}) are not supported.");

    internal static ImportProblem MatchingUnsupported(int line) =>
        new(line, null, "import.matching_unsupported", "Matching questions (=item -> match) are not supported.");

    internal static ImportProblem ShortAnswerUnsupported(int line) =>
        new(line, null, "import.short_answer_unsupported",
            "Short-answer questions (only = answers, or a bare answer) are not supported: give wrong choices with ~, or {T}/{F}.");

    internal static ImportProblem PartialCreditUnsupported(int line) =>
        new(line, null, "import.partial_credit_unsupported", "Answer weights (%50%) are not supported: one choice is right (=), the others wrong (~).");

    internal static ImportProblem AnswerWithoutMarker(int line) =>
        new(line, null, "import.answer_without_marker", "Each answer starts with = (the right one) or ~ (a wrong one).");

    internal static ImportProblem DirectiveWithoutQuestion(int line, string directive) =>
        new(line, null, "import.directive_without_question",
            $"'// {directive}:' applies to the question right below it, with no blank line between; there is none.");

    // The bank's rules for a question (GIFT and JSON alike).

    internal static ImportProblem MultipleCorrect(int? line, int? item, int count) =>
        new(line, item, "import.multiple_correct", $"{count} choices are marked correct; exactly one is.");

    internal static ImportProblem NoCorrectChoice(int? line, int? item) =>
        new(line, item, "import.no_correct_choice", "No choice is marked correct; exactly one is.");

    internal static ImportProblem InvalidStem(int? line, int? item, string why) =>
        new(line, item, "import.invalid_stem", $"The stem {why}.");

    internal static ImportProblem InvalidChoiceCount(int? line, int? item, int count) =>
        new(line, item, "import.invalid_choice_count",
            $"A question has {QuestionDraft.MinChoices} to {QuestionDraft.MaxChoices} choices, not {count}.");

    internal static ImportProblem InvalidChoice(int? line, int? item, int choice, string why) =>
        new(line, item, "import.invalid_choice", $"Choice {choice} {why}.");

    internal static ImportProblem DuplicateChoice(int? line, int? item, int choice, int first) =>
        new(line, item, "import.duplicate_choice", $"Choice {choice} repeats choice {first}.");

    internal static ImportProblem InvalidFeedback(int? line, int? item, int choice, string why) =>
        new(line, item, "import.invalid_feedback", $"The feedback of choice {choice} {why}.");

    internal static ImportProblem InvalidPoints(int? line, int? item, string why) =>
        new(line, item, "import.invalid_points", $"Points {why}.");

    internal static ImportProblem InvalidExplanation(int? line, int? item, string why) =>
        new(line, item, "import.invalid_explanation", $"The explanation {why}.");

    internal static ImportProblem InvalidTitle(int? line, int? item, string why) =>
        new(line, item, "import.invalid_title", $"The title {why}.");

    internal static ImportProblem InvalidTag(int? line, int? item, int tag, string why) =>
        new(line, item, "import.invalid_tag", $"Tag {tag} {why}.");

    internal static ImportProblem TooManyTags(int? line, int? item, int count) =>
        new(line, item, "import.too_many_tags", $"A question has at most {QuestionDraft.MaxTags} tags, not {count}.");

    internal static ImportProblem InvalidCategory(int? line, int? item, string why) =>
        new(line, item, "import.invalid_category", $"The category {why}.");

    internal static ImportProblem InvalidQuestion(int item) =>
        new(null, item, "import.invalid_question", "The question is null.");
}
