namespace LearningPlatform.Application.QuestionBank.Import;

/// <summary>
/// Checks a <see cref="QuestionImportDocument"/> (the JSON import format) against the same rules as a GIFT file, with
/// the same duplicate detection, and reports each problem by the question's 0-based index in <c>questions</c>.
/// </summary>
public static class JsonQuestionImport
{
    public static QuestionImportResult Validate(QuestionImportDocument? document)
    {
        var collector = new ImportCollector();
        var questions = document?.Questions ?? [];
        for (var item = 0; item < questions.Count && collector.Begin(null, item); item++)
        {
            if (questions[item] is not { } question)
            {
                collector.Report(ImportErrors.InvalidQuestion(item));
                continue;
            }

            var choices = (question.Choices ?? [])
                .Select(c => new ImportedChoice(c?.Text?.Trim() ?? string.Empty, c?.Correct ?? false, QuestionDraft.Clean(c?.Feedback)))
                .ToList();
            var candidate = new ImportedQuestion(
                null,
                item,
                QuestionDraft.Clean(question.Title),
                QuestionDraft.NormalizeCategory(question.Category),
                question.Stem?.Trim() ?? string.Empty,
                choices,
                question.Points ?? QuestionDraft.DefaultPoints,
                QuestionDraft.Clean(question.Explanation),
                QuestionDraft.NormalizeTags(question.Tags ?? []));
            collector.Accept(candidate, []);
        }

        return collector.Result();
    }
}
