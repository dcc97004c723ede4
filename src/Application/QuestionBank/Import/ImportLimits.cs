namespace LearningPlatform.Application.QuestionBank.Import;

/// <summary>
/// The limits of one question import, in one place (docs/question-import.md lists them). The endpoint refuses a file
/// over its format's size before parsing it; the parsers stop at <see cref="MaxQuestions"/> and
/// <see cref="MaxProblems"/>.
/// </summary>
public static class ImportLimits
{
    /// <summary>The largest GIFT file accepted (1 MiB), checked by the endpoint before parsing.</summary>
    public const int MaxGiftBytes = 1024 * 1024;

    /// <summary>The largest JSON import document accepted (1 MiB, the gateway's body limit), checked by the endpoint before binding.</summary>
    public const int MaxJsonBytes = 1024 * 1024;

    /// <summary>Questions per import; the parsers report <c>import.too_many_questions</c> at the first one over.</summary>
    public const int MaxQuestions = 500;

    /// <summary>Problems reported per import; past it the parsers stop with <c>import.too_many_problems</c>.</summary>
    public const int MaxProblems = 100;
}
