using System.Security.Cryptography;
using System.Text;

namespace LearningPlatform.Domain.QuestionBank;

/// <summary>One choice of a question version: its text, whether it is the right one, and what the learner is told after publishing.</summary>
public sealed record ChoiceContent(string Text, bool IsCorrect, string? Feedback = null);

/// <summary>
/// What a question version says: stem, 2–8 choices with exactly one correct, points, an explanation shown after
/// results are published, and tags. Immutable: an edit is a new version. Created only through <see cref="Create"/>,
/// which checks every rule and names every broken one.
/// </summary>
public sealed record QuestionContent
{
    public const int MaxStemLength = 2000;
    public const int MaxChoiceLength = 500;
    public const int MinChoices = 2;
    public const int MaxChoices = 8;
    public const int MaxPoints = 1000;
    public const int MaxExplanationLength = 2000;
    public const int MaxFeedbackLength = 500;
    public const int MaxTitleLength = 200;
    public const int MaxTags = 10;
    public const int MaxTagLength = 40;

    private QuestionContent(string? title, string stem, IReadOnlyList<ChoiceContent> choices, int points, string? explanation, IReadOnlyList<string> tags)
    {
        Title = title;
        Stem = stem;
        Choices = choices;
        Points = points;
        Explanation = explanation;
        Tags = tags;
    }

    public string? Title { get; }
    public string Stem { get; }
    public IReadOnlyList<ChoiceContent> Choices { get; }
    public int Points { get; }
    public string? Explanation { get; }
    public IReadOnlyList<string> Tags { get; }

    /// <summary>
    /// Same stem and same choices (text and correctness, in any order), ignoring case and runs of white space: what
    /// an import calls a duplicate. Hex SHA-256, stored with every version so the bank finds duplicates by index.
    /// </summary>
    public string DuplicateKey => KeyOf(Stem, Choices.Select(c => (c.Text, c.IsCorrect)));

    public static string KeyOf(string stem, IEnumerable<(string Text, bool IsCorrect)> choices)
    {
        var text = new StringBuilder(Normalize(stem));
        foreach (var choice in choices.Select(c => (c.IsCorrect ? "=" : "~") + Normalize(c.Text)).Order(StringComparer.Ordinal))
        {
            text.Append('\u001f').Append(choice);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static string Normalize(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

    /// <summary>Checks every rule and throws <c>question.invalid</c> naming each broken field; trims texts and lower-cases tags.</summary>
    public static QuestionContent Create(
        string? title, string? stem, IReadOnlyList<ChoiceContent>? choices, int points, string? explanation, IReadOnlyList<string>? tags)
    {
        var errors = Check(title, stem, choices, points, explanation, tags);
        if (errors.Count > 0)
        {
            throw QuestionBankErrors.InvalidContent(errors);
        }

        return new QuestionContent(
            string.IsNullOrWhiteSpace(title) ? null : title.Trim(),
            stem!.Trim(),
            [.. choices!.Select(c => new ChoiceContent(c.Text.Trim(), c.IsCorrect, string.IsNullOrWhiteSpace(c.Feedback) ? null : c.Feedback.Trim()))],
            points,
            string.IsNullOrWhiteSpace(explanation) ? null : explanation.Trim(),
            [.. (tags ?? []).Select(t => t.Trim().ToLowerInvariant()).Distinct()]);
    }

    /// <summary>The broken rules, by field (empty when the content is valid).</summary>
    public static Dictionary<string, string[]> Check(
        string? title, string? stem, IReadOnlyList<ChoiceContent>? choices, int points, string? explanation, IReadOnlyList<string>? tags)
    {
        var errors = new Dictionary<string, string[]>();
        if (title is not null && title.Trim().Length > MaxTitleLength)
        {
            errors["title"] = [$"A title has at most {MaxTitleLength} characters."];
        }

        if (string.IsNullOrWhiteSpace(stem) || stem.Trim().Length > MaxStemLength)
        {
            errors["stem"] = [$"A stem has 1..{MaxStemLength} characters."];
        }

        if (choices is null || choices.Count is < MinChoices or > MaxChoices || choices.Count(c => c.IsCorrect) != 1)
        {
            errors["choices"] = [$"A question has {MinChoices}..{MaxChoices} choices, exactly one of them correct."];
        }
        else if (choices.Any(c => string.IsNullOrWhiteSpace(c.Text) || c.Text.Trim().Length > MaxChoiceLength
            || (c.Feedback?.Trim().Length ?? 0) > MaxFeedbackLength))
        {
            errors["choices"] = [$"A choice's text has 1..{MaxChoiceLength} characters (its feedback at most {MaxFeedbackLength})."];
        }
        else if (choices.Select(c => Normalize(c.Text)).Distinct().Count() != choices.Count)
        {
            errors["choices"] = ["Two choices say the same thing."];
        }

        if (points is < 1 or > MaxPoints)
        {
            errors["points"] = [$"A question is worth 1..{MaxPoints} points."];
        }

        if (explanation is not null && explanation.Trim().Length > MaxExplanationLength)
        {
            errors["explanation"] = [$"An explanation has at most {MaxExplanationLength} characters."];
        }

        if (tags is not null && (tags.Count > MaxTags || tags.Any(t => !IsTag(t.Trim().ToLowerInvariant()))))
        {
            errors["tags"] = [$"At most {MaxTags} tags, each 1..{MaxTagLength} of a-z, 0-9 and '-'."];
        }

        return errors;
    }

    public static bool IsTag(string tag) =>
        tag.Length is >= 1 and <= MaxTagLength && tag.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-');
}
