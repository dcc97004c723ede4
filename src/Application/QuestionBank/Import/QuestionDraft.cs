using LearningPlatform.Domain.QuestionBank;
using System.Security.Cryptography;
using System.Text;

namespace LearningPlatform.Application.QuestionBank.Import;

/// <summary>
/// The bank's rules for a question, checked on every imported question whatever its format, and the normalisation both
/// formats share. Text follows the platform's one input rule (<c>LearningPlatform.Hosting.TextInput</c>, which
/// Application cannot reference): no control characters, except line breaks and tabs in the stem and the explanation,
/// and no lone surrogates.
/// </summary>
public static class QuestionDraft
{
    public const int MaxStemLength = QuestionContent.MaxStemLength;
    public const int MinChoices = QuestionContent.MinChoices;
    public const int MaxChoices = QuestionContent.MaxChoices;
    public const int MaxChoiceLength = QuestionContent.MaxChoiceLength;
    public const int MaxFeedbackLength = QuestionContent.MaxFeedbackLength;
    public const int MinPoints = 1;
    public const int MaxPoints = QuestionContent.MaxPoints;
    public const int DefaultPoints = 1;
    public const int MaxExplanationLength = QuestionContent.MaxExplanationLength;
    public const int MaxTitleLength = QuestionContent.MaxTitleLength;
    public const int MaxTags = QuestionContent.MaxTags;
    public const int MaxTagLength = QuestionContent.MaxTagLength;
    public const int MaxCategoryLength = QuestionCategory.MaxNameLength;

    /// <summary>Every rule <paramref name="question"/> breaks, located where the question is.</summary>
    public static IReadOnlyList<ImportProblem> Validate(ImportedQuestion question)
    {
        var (line, item) = (question.Line, question.Item);
        var problems = new List<ImportProblem>();
        if (TextProblem(question.Stem, MaxStemLength, multiline: true) is { } stem)
        {
            problems.Add(ImportErrors.InvalidStem(line, item, stem));
        }

        if (question.Choices.Count is < MinChoices or > MaxChoices)
        {
            problems.Add(ImportErrors.InvalidChoiceCount(line, item, question.Choices.Count));
        }

        // Past the maximum count only the count is reported: a file with thousands of choices gets one problem, not thousands.
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Math.Min(question.Choices.Count, MaxChoices); i++)
        {
            var choice = question.Choices[i];
            if (TextProblem(choice.Text, MaxChoiceLength, multiline: false) is { } text)
            {
                problems.Add(ImportErrors.InvalidChoice(line, item, i + 1, text));
            }
            else if (!seen.TryAdd(Fold(choice.Text), i + 1))
            {
                problems.Add(ImportErrors.DuplicateChoice(line, item, i + 1, seen[Fold(choice.Text)]));
            }

            if (choice.Feedback is not null && TextProblem(choice.Feedback, MaxFeedbackLength, multiline: false) is { } feedback)
            {
                problems.Add(ImportErrors.InvalidFeedback(line, item, i + 1, feedback));
            }
        }

        var correct = question.Choices.Count(c => c.IsCorrect);
        if (question.Choices.Count > 0 && correct == 0)
        {
            problems.Add(ImportErrors.NoCorrectChoice(line, item));
        }
        else if (correct > 1)
        {
            problems.Add(ImportErrors.MultipleCorrect(line, item, correct));
        }

        if (question.Points is < MinPoints or > MaxPoints)
        {
            problems.Add(ImportErrors.InvalidPoints(line, item, $"must be {MinPoints} to {MaxPoints}, not {question.Points}"));
        }

        if (question.Explanation is not null && TextProblem(question.Explanation, MaxExplanationLength, multiline: true) is { } explanation)
        {
            problems.Add(ImportErrors.InvalidExplanation(line, item, explanation));
        }

        if (question.Title is not null && TextProblem(question.Title, MaxTitleLength, multiline: false) is { } title)
        {
            problems.Add(ImportErrors.InvalidTitle(line, item, title));
        }

        if (question.Tags.Count > MaxTags)
        {
            problems.Add(ImportErrors.TooManyTags(line, item, question.Tags.Count));
        }

        for (var i = 0; i < Math.Min(question.Tags.Count, MaxTags); i++)
        {
            if (TagProblem(question.Tags[i]) is { } tag)
            {
                problems.Add(ImportErrors.InvalidTag(line, item, i + 1, tag));
            }
        }

        if (question.CategoryPath is not null && CategoryProblem(question.CategoryPath) is { } category)
        {
            problems.Add(ImportErrors.InvalidCategory(line, item, category));
        }

        return problems;
    }

    /// <summary>
    /// The SHA-256 (lower-case hex) of the stem and the choices, each with its correctness, after folding letter case and
    /// runs of white space; the choices sorted, so their order does not matter. Stable: the bank may store it.
    /// </summary>
    public static string DuplicateKeyOf(string stem, IEnumerable<ImportedChoice> choices) =>
        QuestionContent.KeyOf(stem, choices.Select(c => (c.Text, c.IsCorrect)));

    /// <summary>Lower case, runs of white space as one space, trimmed: the form two texts are compared in.</summary>
    internal static string Fold(string text)
    {
        var folded = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                folded.Append(' ');
                space = false;
            }

            folded.Append(char.ToLowerInvariant(c));
        }

        return folded.ToString();
    }

    /// <summary>Trimmed, or null when nothing is left.</summary>
    internal static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>Lower-cased, trimmed, blanks dropped, each once (the first spelling kept).</summary>
    internal static IReadOnlyList<string> NormalizeTags(IEnumerable<string?> tags) =>
        tags.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Each level trimmed, joined by <c>/</c>; null when blank. An empty level is kept for the rule to report.</summary>
    internal static string? NormalizeCategory(string? path) =>
        string.IsNullOrWhiteSpace(path) ? null : string.Join('/', path.Trim().Split('/').Select(level => level.Trim()));

    private static string? TagProblem(string tag)
    {
        if (tag.Length is 0 or > MaxTagLength)
        {
            return $"must be 1 to {MaxTagLength} characters long";
        }

        return tag.ToLowerInvariant().All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
            ? null
            : "may hold only letters a-z, digits and '-'";
    }

    internal static string? CategoryProblem(string path)
    {
        if (path.Length > MaxCategoryLength)
        {
            return $"is longer than {MaxCategoryLength} characters ({path.Length})";
        }

        if (path.Split('/').Any(level => level.Trim().Length == 0))
        {
            return "has an empty level (write it as Level/Sublevel)";
        }

        return TextProblem(path, MaxCategoryLength, multiline: false);
    }

    /// <summary>The platform's text rule and a length, as the end of a sentence ("is empty"), or null when fine.</summary>
    private static string? TextProblem(string text, int maxLength, bool multiline)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "is empty";
        }

        if (text.Length > maxLength)
        {
            return $"is longer than {maxLength} characters ({text.Length})";
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t'))
            {
                return multiline
                    ? "holds control characters other than line breaks and tabs"
                    : "holds control characters (such as a line break or tab), which are not allowed here";
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return "is not well-formed Unicode (a lone surrogate)";
            }
        }

        return null;
    }
}
