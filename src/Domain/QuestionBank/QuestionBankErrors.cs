using LearningPlatform.Domain.Common;

namespace LearningPlatform.Domain.QuestionBank;

public static class QuestionBankErrors
{
    public static DomainException QuestionNotFound() =>
        new("question.not_found", "The question does not exist.", DomainErrorKind.NotFound);

    public static DomainException VersionNotFound() =>
        new("question.version_not_found", "The question has no such version.", DomainErrorKind.NotFound);

    public static DomainException CategoryNotFound() =>
        new("category.not_found", "The category does not exist.", DomainErrorKind.NotFound);

    public static DomainException CategoryNotEmpty(int questions, int pools) =>
        new("category.not_empty", $"The category still holds {questions} questions and {pools} pools; move or hide them first.",
            DomainErrorKind.Conflict);

    public static DomainException CategoryNameTaken() =>
        new("category.name_taken", "A category of that name exists.", DomainErrorKind.Conflict);

    public static DomainException PoolNotFound() =>
        new("pool.not_found", "The pool does not exist.", DomainErrorKind.NotFound);

    /// <summary>A question's content breaks a rule; <paramref name="errors"/> names the fields.</summary>
    public static DomainException InvalidContent(IReadOnlyDictionary<string, string[]> errors) =>
        new("question.invalid", "The question is not valid: " + string.Join(" ", errors.Values.SelectMany(v => v)), DomainErrorKind.Invalid)
        {
            Extensions = new Dictionary<string, object?> { ["errors"] = errors },
        };
}
