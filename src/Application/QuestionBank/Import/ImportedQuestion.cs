using LearningPlatform.Domain.QuestionBank;

namespace LearningPlatform.Application.QuestionBank.Import;

/// <summary>
/// A question read from an import, in the shape the bank creates from: already trimmed, tags lower-cased, the category
/// a path such as <c>Science/Physics</c>. It has passed <see cref="QuestionDraft.Validate"/>.
/// </summary>
/// <param name="Line">GIFT: the 1-based line where the question starts (its <c>::title::</c> or first text line).</param>
/// <param name="Item">JSON: the 0-based index of the question in <c>questions</c>.</param>
/// <param name="Title">An optional short name for the bank's lists (GIFT <c>::title::</c>).</param>
/// <param name="CategoryPath">The category the question files under, <c>/</c> between levels, or null.</param>
/// <param name="Stem">The question's text; may hold line breaks.</param>
/// <param name="Choices">2 to 8 choices in the file's order, exactly one correct.</param>
/// <param name="Points">1 to 1000; 1 unless the import says otherwise.</param>
/// <param name="Explanation">Shown to learners once results are published (GIFT <c>####</c> general feedback).</param>
/// <param name="Tags">0 to 10 distinct lower-case tags.</param>
public sealed record ImportedQuestion(
    int? Line,
    int? Item,
    string? Title,
    string? CategoryPath,
    string Stem,
    IReadOnlyList<ImportedChoice> Choices,
    int Points,
    string? Explanation,
    IReadOnlyList<string> Tags)
{
    /// <summary>
    /// Equal for two questions with the same stem and the same choices with the same correctness, whatever their order,
    /// letter case and spacing (<see cref="QuestionDraft.DuplicateKeyOf"/>), so the bank can find a question it already
    /// holds.
    /// </summary>
    public string DuplicateKey => QuestionDraft.DuplicateKeyOf(Stem, Choices);

    /// <summary>Where the question is in its file, as a problem message says it ("line 12", "item 3").</summary>
    internal string Where => ImportProblem.Describe(Line, Item);

    /// <summary>The bank's content of this question (its one rule checks it again).</summary>
    public QuestionContent ToContent() => QuestionContent.Create(
        Title, Stem, [.. Choices.Select(c => new ChoiceContent(c.Text, c.IsCorrect, c.Feedback))], Points, Explanation, Tags);
}

/// <param name="Text">What the learner sees and picks.</param>
/// <param name="IsCorrect">True for the one right choice.</param>
/// <param name="Feedback">Optional text shown with this choice once results are published.</param>
public sealed record ImportedChoice(string Text, bool IsCorrect, string? Feedback = null);

/// <summary>
/// Something that stops an import (which is all or nothing), with a stable code (<see cref="ImportErrors"/>) and where
/// it is: a GIFT line, or a JSON item, or neither for the file as a whole.
/// </summary>
/// <param name="Line">GIFT: the 1-based line of the construct at fault, or of the question it belongs to.</param>
/// <param name="Item">JSON: the 0-based index in <c>questions</c>.</param>
public sealed record ImportProblem(int? Line, int? Item, string Code, string Message)
{
    internal static string Describe(int? line, int? item) =>
        line is { } l ? $"line {l}" : item is { } i ? $"item {i}" : "the file";
}

/// <summary>
/// What a parser read. The import is all or nothing: create the <see cref="Questions"/> only when
/// <see cref="Problems"/> is empty. A question with a problem of its own is not in <see cref="Questions"/>; the second
/// of two duplicates is reported (<c>import.duplicate_question</c>) and left out, the first is kept.
/// </summary>
public sealed record QuestionImportResult(IReadOnlyList<ImportedQuestion> Questions, IReadOnlyList<ImportProblem> Problems)
{
    public bool Succeeded => Problems.Count == 0;
}
