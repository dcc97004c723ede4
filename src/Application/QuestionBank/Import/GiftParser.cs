using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LearningPlatform.Application.QuestionBank.Import;

/// <summary>
/// Reads Moodle's GIFT text format (https://docs.moodle.org/en/GIFT_format), the subset that fits the bank: multiple
/// choice with one right answer and true/false, with titles, per-answer and general feedback, categories and escapes.
/// Every other question type is reported, not skipped, so that an import is all or nothing. Tags and points, which
/// GIFT lacks, come from <c>// tags: a, b</c> and <c>// points: 5</c> comment lines in the question's block.
/// docs/question-import.md describes the subset.
/// </summary>
public static partial class GiftParser
{
    private const string CategoryPrefix = "$CATEGORY:";
    private const string Blank = "_____";

    private static readonly string[] Formats = ["[plain]", "[markdown]", "[moodle]", "[html]"];

    /// <summary>Every question in <paramref name="text"/>, or the problems that stop the import, by line.</summary>
    public static QuestionImportResult Parse(string text)
    {
        var collector = new ImportCollector();
        string? category = null;
        foreach (var block in Blocks(text))
        {
            if (collector.Stopped)
            {
                break;
            }

            ReadBlock(block, ref category, collector);
        }

        return collector.Result();
    }

    /// <summary>One character of a question after escapes: an escaped one is never part of the syntax.</summary>
    private readonly record struct Ch(char Value, bool Escaped, int Line);

    private sealed record Directive(int Line, string Name, string Value);

    /// <summary>Runs of non-blank lines (a blank line ends a question), numbered from 1.</summary>
    private static IEnumerable<List<(int Number, string Text)>> Blocks(string text)
    {
        var block = new List<(int, string)>();
        var number = 0;
        using var reader = new StringReader(text.StartsWith('\uFEFF') ? text[1..] : text);
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                if (block.Count > 0)
                {
                    yield return block;
                    block = [];
                }

                continue;
            }

            block.Add((number, line));
        }

        if (block.Count > 0)
        {
            yield return block;
        }
    }

    private static void ReadBlock(List<(int Number, string Text)> block, ref string? category, ImportCollector collector)
    {
        var directives = new List<Directive>();
        var content = new List<(int Number, string Text)>();
        foreach (var (number, raw) in block)
        {
            var trimmed = raw.Trim();
            if (!trimmed.StartsWith("//", StringComparison.Ordinal))
            {
                content.Add((number, trimmed));
            }
            else if (DirectiveLine().Match(trimmed) is { Success: true } match)
            {
                directives.Add(new Directive(number, match.Groups[1].Value.ToLowerInvariant(), match.Groups[2].Value.Trim()));
            }
        }

        if (content.Count > 0 && content[0].Text.StartsWith(CategoryPrefix, StringComparison.Ordinal))
        {
            category = ReadCategory(content[0].Number, content[0].Text[CategoryPrefix.Length..], collector);
            content.RemoveAt(0);
        }

        if (content.Count == 0)
        {
            foreach (var directive in directives)
            {
                collector.Report(ImportErrors.DirectiveWithoutQuestion(directive.Line, directive.Name));
            }

            return;
        }

        var line = content[0].Number;
        if (!collector.Begin(line, null))
        {
            return;
        }

        var problems = new List<ImportProblem>();
        var (points, tags) = ReadDirectives(directives, problems);
        var question = ReadQuestion(Characters(content), line, problems);
        if (question is null)
        {
            foreach (var problem in problems)
            {
                collector.Report(problem);
            }

            return;
        }

        collector.Accept(question with { CategoryPath = category, Points = points, Tags = tags }, problems);
    }

    /// <summary>
    /// The category of the questions after a <c>$CATEGORY:</c> line. Moodle writes a context and its root first
    /// (<c>$course$/top/Geography</c>); both are dropped.
    /// </summary>
    private static string? ReadCategory(int line, string value, ImportCollector collector)
    {
        var path = MoodleContext().Replace(value.Trim(), string.Empty);
        if (path == "top")
        {
            return null;
        }

        if (path.StartsWith("top/", StringComparison.Ordinal))
        {
            path = path["top/".Length..];
        }

        var category = QuestionDraft.NormalizeCategory(path);
        if (category is not null && QuestionDraft.CategoryProblem(category) is { } problem)
        {
            collector.Report(ImportErrors.InvalidCategory(line, null, problem));
            return null;
        }

        return category;
    }

    private static (int Points, IReadOnlyList<string> Tags) ReadDirectives(List<Directive> directives, List<ImportProblem> problems)
    {
        int? points = null;
        var tags = new List<string>();
        foreach (var directive in directives)
        {
            if (directive.Name == "tags")
            {
                tags.AddRange(directive.Value.Split(','));
            }
            else if (points is not null)
            {
                problems.Add(ImportErrors.InvalidPoints(directive.Line, null, "are given twice for one question"));
            }
            else if (int.TryParse(directive.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                points = value;
            }
            else
            {
                problems.Add(ImportErrors.InvalidPoints(directive.Line, null, "must be a whole number, as in '// points: 5'"));
                points = QuestionDraft.DefaultPoints;
            }
        }

        return (points ?? QuestionDraft.DefaultPoints, QuestionDraft.NormalizeTags(tags));
    }

    /// <summary>
    /// The question's lines (trimmed: indentation is layout) as characters, escapes resolved: <c>\~ \= \# \{ \} \:</c>
    /// and <c>\\</c> stand for the character, <c>\n</c> for a line break; any other backslash is itself.
    /// </summary>
    private static Ch[] Characters(List<(int Number, string Text)> lines)
    {
        var chars = new List<Ch>();
        foreach (var (number, text) in lines)
        {
            if (chars.Count > 0)
            {
                chars.Add(new Ch('\n', false, number));
            }

            for (var i = 0; i < text.Length; i++)
            {
                var next = i + 1 < text.Length ? text[i + 1] : '\0';
                if (text[i] == '\\' && next is '\\' or '~' or '=' or '#' or '{' or '}' or ':' or 'n')
                {
                    chars.Add(new Ch(next == 'n' ? '\n' : next, true, number));
                    i++;
                }
                else
                {
                    chars.Add(new Ch(text[i], text[i] == '\\', number));
                }
            }
        }

        return [.. chars];
    }

    /// <summary>The question without its category, points and tags; null when it is not one the bank can hold.</summary>
    private static ImportedQuestion? ReadQuestion(ReadOnlySpan<Ch> text, int line, List<ImportProblem> problems)
    {
        text = Trim(text);
        string? title = null;
        if (Is(text, 0, ':') && Is(text, 1, ':'))
        {
            var end = Find(text, "::", 2);
            if (end < 0)
            {
                problems.Add(ImportErrors.UnclosedTitle(text[0].Line));
                return null;
            }

            title = QuestionDraft.Clean(Render(text[2..end], multiline: false));
            text = Trim(text[(end + 2)..]);
        }

        var open = Find(text, '{');
        var close = Find(text, '}');
        if (open < 0 && close < 0)
        {
            problems.Add(ImportErrors.NoAnswerBlock(line));
            return null;
        }

        if (close >= 0 && (open < 0 || close < open))
        {
            problems.Add(ImportErrors.UnexpectedBrace(text[close].Line, '}'));
            return null;
        }

        if (close < 0 || Find(text[..close], '{', open + 1) >= 0)
        {
            problems.Add(ImportErrors.UnclosedBrace(text[open].Line));
            return null;
        }

        var after = text[(close + 1)..];
        if (FindAny(after, '{', '}') is var extra and >= 0)
        {
            problems.Add(ImportErrors.UnexpectedBrace(after[extra].Line, after[extra].Value));
            return null;
        }

        // Answers before the end of the sentence leave a blank where they were (GIFT's "missing word" style).
        var stem = Render(text[..open], multiline: true) + (Trim(after).IsEmpty ? string.Empty : Blank + Render(after, multiline: true));
        var choices = ReadAnswers(Trim(text[(open + 1)..close]), text[open].Line, problems, out var explanation);
        if (choices is null)
        {
            return null;
        }

        return new ImportedQuestion(line, null, title, null, StripFormat(stem), choices, QuestionDraft.DefaultPoints, explanation, []);
    }

    /// <summary>The choices of an answer block (without its braces); null when it is not multiple choice or true/false.</summary>
    private static List<ImportedChoice>? ReadAnswers(ReadOnlySpan<Ch> answers, int line, List<ImportProblem> problems, out string? explanation)
    {
        explanation = null;
        var general = FindLast(answers, "####");
        if (general >= 0)
        {
            explanation = QuestionDraft.Clean(StripFormat(Render(answers[(general + 4)..], multiline: true)));
            answers = Trim(answers[..general]);
        }

        if (answers.IsEmpty)
        {
            problems.Add(ImportErrors.EssayUnsupported(line));
            return null;
        }

        if (Is(answers, 0, '#'))
        {
            problems.Add(ImportErrors.NumericalUnsupported(line));
            return null;
        }

        if (Find(answers, '~') >= 0)
        {
            return ReadMultipleChoice(answers, problems);
        }

        if (Find(answers, '=') >= 0 && Find(answers, "->") >= 0)
        {
            problems.Add(ImportErrors.MatchingUnsupported(line));
            return null;
        }

        // {T}, {TRUE}, {F}, {FALSE}, with optional feedback: {T#shown for a wrong answer#shown for a right one}.
        var parts = Split(answers, '#', 3);
        var value = Render(answers[parts[0]], multiline: false).Trim().ToUpperInvariant();
        if (value is not ("T" or "TRUE" or "F" or "FALSE"))
        {
            problems.Add(ImportErrors.ShortAnswerUnsupported(line));
            return null;
        }

        var isTrue = value is "T" or "TRUE";
        var wrong = parts.Count > 1 ? Feedback(answers[parts[1]]) : null;
        var right = parts.Count > 2 ? Feedback(answers[parts[2]]) : null;
        return
        [
            new ImportedChoice("True", isTrue, isTrue ? right : wrong),
            new ImportedChoice("False", !isTrue, isTrue ? wrong : right),
        ];
    }

    private static List<ImportedChoice>? ReadMultipleChoice(ReadOnlySpan<Ch> answers, List<ImportProblem> problems)
    {
        var known = problems.Count;
        var first = FindAny(answers, '~', '=');
        if (!Trim(answers[..first]).IsEmpty)
        {
            problems.Add(ImportErrors.AnswerWithoutMarker(answers[0].Line));
        }

        var choices = new List<ImportedChoice>();
        for (var start = first; start < answers.Length;)
        {
            var next = FindAny(answers[(start + 1)..], '~', '=') is var n and >= 0 ? start + 1 + n : answers.Length;
            var body = Trim(answers[(start + 1)..next]);
            if (Is(body, 0, '%') && Find(body, '%', 1) >= 0)
            {
                problems.Add(ImportErrors.PartialCreditUnsupported(answers[start].Line));
            }
            else
            {
                var parts = Split(body, '#', 2);
                var text = StripFormat(Render(body[parts[0]], multiline: false));
                choices.Add(new ImportedChoice(text, answers[start].Value == '=', parts.Count > 1 ? Feedback(body[parts[1]]) : null));
            }

            start = next;
        }

        return problems.Count == known ? choices : null;
    }

    private static string? Feedback(ReadOnlySpan<Ch> text) => QuestionDraft.Clean(StripFormat(Render(text, multiline: false)));

    /// <summary>
    /// The text, trimmed, without a leading <c>[plain]</c>, <c>[markdown]</c>, <c>[moodle]</c> or <c>[html]</c>
    /// (HTML is kept as written).
    /// </summary>
    private static string StripFormat(string text)
    {
        text = text.Trim();
        foreach (var format in Formats)
        {
            if (text.StartsWith(format, StringComparison.Ordinal))
            {
                return text[format.Length..].Trim();
            }
        }

        return text;
    }

    /// <summary>
    /// The characters as text. Line breaks in the file are kept in multi-line text (stem, explanation) and read as a space
    /// elsewhere, where a tab is a space too; an escaped <c>\n</c> is always a line break.
    /// </summary>
    private static string Render(ReadOnlySpan<Ch> text, bool multiline)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(!multiline && !c.Escaped && c.Value is '\n' or '\t' ? ' ' : c.Value);
        }

        return builder.ToString();
    }

    private static bool Is(ReadOnlySpan<Ch> text, int index, char value) =>
        index < text.Length && !text[index].Escaped && text[index].Value == value;

    private static int Find(ReadOnlySpan<Ch> text, char value, int from = 0)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (Is(text, i, value))
            {
                return i;
            }
        }

        return -1;
    }

    private static int FindAny(ReadOnlySpan<Ch> text, char one, char other)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (Is(text, i, one) || Is(text, i, other))
            {
                return i;
            }
        }

        return -1;
    }

    private static int Find(ReadOnlySpan<Ch> text, string value, int from = 0)
    {
        for (var i = from; i + value.Length <= text.Length; i++)
        {
            if (Matches(text, i, value))
            {
                return i;
            }
        }

        return -1;
    }

    private static int FindLast(ReadOnlySpan<Ch> text, string value)
    {
        for (var i = text.Length - value.Length; i >= 0; i--)
        {
            if (Matches(text, i, value))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool Matches(ReadOnlySpan<Ch> text, int at, string value)
    {
        for (var j = 0; j < value.Length; j++)
        {
            if (!Is(text, at + j, value[j]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>At most <paramref name="count"/> parts split at unescaped <paramref name="separator"/>s, the last taking the rest.</summary>
    private static List<Range> Split(ReadOnlySpan<Ch> text, char separator, int count)
    {
        var parts = new List<Range>();
        var start = 0;
        while (parts.Count < count - 1 && Find(text, separator, start) is var at and >= 0)
        {
            parts.Add(start..at);
            start = at + 1;
        }

        parts.Add(start..text.Length);
        return parts;
    }

    private static ReadOnlySpan<Ch> Trim(ReadOnlySpan<Ch> text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && char.IsWhiteSpace(text[start].Value))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1].Value))
        {
            end--;
        }

        return text[start..end];
    }

    [GeneratedRegex(@"^//\s*(tags|points)\s*:(.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DirectiveLine();

    /// <summary>A Moodle context at the start of a category path: <c>$course$/</c>, <c>$system$/</c>, <c>$cat1$/</c>...</summary>
    [GeneratedRegex(@"^\$[a-z0-9]+\$/?", RegexOptions.CultureInvariant)]
    private static partial Regex MoodleContext();
}
