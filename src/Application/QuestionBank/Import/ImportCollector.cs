namespace LearningPlatform.Application.QuestionBank.Import;

/// <summary>
/// What both parsers share: counting questions against <see cref="ImportLimits.MaxQuestions"/>, capping problems at
/// <see cref="ImportLimits.MaxProblems"/>, checking each question against the bank's rules and finding duplicates.
/// </summary>
internal sealed class ImportCollector
{
    private readonly List<ImportedQuestion> _questions = [];
    private readonly List<ImportProblem> _problems = [];
    private readonly Dictionary<string, ImportedQuestion> _byKey = new(StringComparer.Ordinal);
    private int _seen;

    /// <summary>True once a limit was reached: the parser reads no further.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Counts a question about to be read; false (and stopped) when it is one too many.</summary>
    public bool Begin(int? line, int? item)
    {
        if (Stopped)
        {
            return false;
        }

        if (++_seen > ImportLimits.MaxQuestions)
        {
            Report(ImportErrors.TooManyQuestions(line, item));
            Stopped = true;
            return false;
        }

        return true;
    }

    public void Report(ImportProblem problem)
    {
        if (Stopped)
        {
            return;
        }

        if (_problems.Count == ImportLimits.MaxProblems)
        {
            _problems.Add(ImportErrors.TooManyProblems());
            Stopped = true;
            return;
        }

        _problems.Add(problem);
    }

    /// <summary>
    /// Keeps <paramref name="candidate"/> when the format found nothing wrong with it (<paramref name="formatProblems"/>),
    /// it keeps the bank's rules and it does not repeat an earlier question; reports every problem otherwise.
    /// </summary>
    public void Accept(ImportedQuestion candidate, IReadOnlyList<ImportProblem> formatProblems)
    {
        var problems = formatProblems.Concat(QuestionDraft.Validate(candidate)).ToList();
        foreach (var problem in problems)
        {
            Report(problem);
        }

        if (problems.Count > 0 || Stopped)
        {
            return;
        }

        if (_byKey.TryGetValue(candidate.DuplicateKey, out var first))
        {
            Report(ImportErrors.DuplicateQuestion(candidate, first));
            return;
        }

        _byKey.Add(candidate.DuplicateKey, candidate);
        _questions.Add(candidate);
    }

    public QuestionImportResult Result()
    {
        if (_seen == 0)
        {
            Report(ImportErrors.NoQuestions());
        }

        return new QuestionImportResult(_questions, _problems);
    }
}
