using System.ComponentModel.DataAnnotations;
using LearningPlatform.Application.Common;

namespace LearningPlatform.Application.QuestionBank.Import;

// The JSON import format (docs/question-import.md), bound as a request body: these types are its schema in the OpenAPI
// document. The attributes only describe the rules there; JsonQuestionImport.Validate checks them and reports each
// question's problems by its index.

/// <summary>Questions to add to the bank, all or none (at most 500).</summary>
public sealed record QuestionImportDocument
{
    /// <summary>The questions, in order; a problem names a question by its 0-based index here.</summary>
    [Required]
    [MaxLength(ImportLimits.MaxQuestions)]
    public IReadOnlyList<QuestionImportItem>? Questions { get; init; }
}

/// <summary>One multiple-choice question: a stem and 2 to 8 choices, exactly one of them correct.</summary>
public sealed record QuestionImportItem
{
    /// <summary>An optional short name shown in the bank's lists (at most 200 characters).</summary>
    [MaxLength(QuestionDraft.MaxTitleLength)]
    public string? Title { get; init; }

    /// <summary>
    /// The category to file the question under, its levels separated by <c>/</c> (<c>Science/Physics</c>; at most 100
    /// characters).
    /// </summary>
    [MaxLength(QuestionDraft.MaxCategoryLength)]
    public string? Category { get; init; }

    /// <summary>The question's text (at most 2000 characters); may hold line breaks.</summary>
    [Required]
    [MaxLength(QuestionDraft.MaxStemLength)]
    [Multiline]
    public string? Stem { get; init; }

    /// <summary>2 to 8 choices, in the order shown; exactly one has <c>correct: true</c>.</summary>
    [Required]
    [MinLength(QuestionDraft.MinChoices)]
    [MaxLength(QuestionDraft.MaxChoices)]
    public IReadOnlyList<QuestionImportChoice>? Choices { get; init; }

    /// <summary>What a correct answer scores, 1 to 1000; 1 when left out.</summary>
    [Range(QuestionDraft.MinPoints, QuestionDraft.MaxPoints)]
    public int? Points { get; init; }

    /// <summary>Shown to learners once the results are published (at most 2000 characters); may hold line breaks.</summary>
    [MaxLength(QuestionDraft.MaxExplanationLength)]
    [Multiline]
    public string? Explanation { get; init; }

    /// <summary>Up to 10 tags of 1 to 40 characters: letters a-z (any case; stored lower-cased), digits and <c>-</c>.</summary>
    [MaxLength(QuestionDraft.MaxTags)]
    public IReadOnlyList<string>? Tags { get; init; }
}

/// <summary>One choice of a question.</summary>
public sealed record QuestionImportChoice
{
    /// <summary>What the learner sees and picks (at most 500 characters, one line).</summary>
    [Required]
    [MaxLength(QuestionDraft.MaxChoiceLength)]
    public string? Text { get; init; }

    /// <summary>True for the one right choice; false when left out.</summary>
    public bool Correct { get; init; }

    /// <summary>Optional text shown with this choice once the results are published (at most 500 characters, one line).</summary>
    [MaxLength(QuestionDraft.MaxFeedbackLength)]
    public string? Feedback { get; init; }
}
