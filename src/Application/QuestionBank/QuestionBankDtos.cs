using FluentValidation;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.QuestionBank;

namespace LearningPlatform.Application.QuestionBank;

public sealed record CategoryDto(Guid Id, string Name, int QuestionCount, DateTimeOffset CreatedAt);

/// <summary>A category's name ("Geography", "Science/Physics"), unique.</summary>
public sealed record CategoryRequest(string? Name);

/// <summary>One choice: its text, whether it is the right one (exactly one is), and optional feedback shown after publishing.</summary>
public sealed record ChoiceRequest(string? Text, bool Correct, [property: Multiline] string? Feedback);

/// <summary>
/// A question as an admin writes it. Creating makes version 1; sending it again for an existing question makes a new
/// version when the content (title, stem, choices, points, explanation, tags) differs. <c>status</c> DRAFT, READY
/// (default) or HIDDEN; <c>points</c> 1..1000 (default 1); 2..8 choices, one correct; up to 10 tags of a-z, 0-9, '-'.
/// </summary>
public sealed record QuestionRequest(
    Guid? CategoryId,
    string? Title,
    [property: Multiline] string? Stem,
    List<ChoiceRequest>? Choices,
    int? Points,
    [property: Multiline] string? Explanation,
    List<string>? Tags,
    QuestionStatus? Status);

public sealed record QuestionStatusRequest(QuestionStatus? Status);

public sealed record BankChoiceDto(string Text, bool Correct, string? Feedback);

/// <summary>One immutable version of a question, with its right answer (admins only).</summary>
public sealed record QuestionVersionDto(
    Guid Id, int Number, string? Title, string Stem, IReadOnlyList<BankChoiceDto> Choices, int Points, string? Explanation,
    IReadOnlyList<string> Tags, Guid CreatedBy, DateTimeOffset CreatedAt);

/// <summary>A bank question and its current version.</summary>
public sealed record BankQuestionDto(
    Guid Id, Guid CategoryId, QuestionStatus Status, int CurrentVersion, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    QuestionVersionDto Current);

/// <summary>A pool: the READY questions of a category (or of the whole bank when null) carrying all its tags.</summary>
public sealed record PoolRequest(string? Name, Guid? CategoryId, List<string>? Tags);

/// <summary>A pool and how many READY questions match it now.</summary>
public sealed record PoolDto(Guid Id, string Name, Guid? CategoryId, IReadOnlyList<string> Tags, int ReadyQuestions, DateTimeOffset UpdatedAt);

internal static class QuestionBankMapping
{
    public static QuestionVersionDto ToDto(this QuestionVersion v) => new(
        v.Id, v.Number, v.Title, v.Stem, [.. v.Choices.Select(c => new BankChoiceDto(c.Text, c.IsCorrect, c.Feedback))], v.Points, v.Explanation,
        v.Tags, v.CreatedBy, v.CreatedAt);

    public static BankQuestionDto ToDto(this BankQuestion q, QuestionVersion current) =>
        new(q.Id, q.CategoryId, q.Status, q.CurrentVersion, q.CreatedAt, q.UpdatedAt, current.ToDto());

    public static QuestionContent ToContent(this QuestionRequest r) => QuestionContent.Create(
        r.Title, r.Stem, [.. (r.Choices ?? []).Select(c => new ChoiceContent(c.Text ?? string.Empty, c.Correct, c.Feedback))],
        r.Points ?? 1, r.Explanation, r.Tags);
}

internal sealed class CategoryRequestValidator : AbstractValidator<CategoryRequest>
{
    public CategoryRequestValidator() => RuleFor(r => r.Name).NotEmpty().MaximumLength(QuestionCategory.MaxNameLength);
}

internal sealed class QuestionRequestValidator : AbstractValidator<QuestionRequest>
{
    public QuestionRequestValidator()
    {
        RuleFor(r => r.CategoryId).NotEmpty();
        RuleFor(r => r.Stem).NotEmpty();
        RuleFor(r => r.Choices).NotNull();
    }
}

internal sealed class QuestionStatusRequestValidator : AbstractValidator<QuestionStatusRequest>
{
    public QuestionStatusRequestValidator() => RuleFor(r => r.Status).NotNull();
}

internal sealed class PoolRequestValidator : AbstractValidator<PoolRequest>
{
    public PoolRequestValidator() => RuleFor(r => r.Name).NotEmpty().MaximumLength(QuestionPool.MaxNameLength);
}
