namespace LearningPlatform.Domain.Exams;

public sealed class Question
{
    private readonly List<Choice> _choices = [];

    private Question()
    {
        Text = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid ExamId { get; private set; }
    public string Text { get; private set; }
    /// <summary>Keeps a score within what the leaderboard's encoding holds exactly (with at most 1000 questions).</summary>
    public const int MaxPoints = 1_000;

    public int Points { get; private set; }
    public int Position { get; private set; }

    /// <summary>The bank question version this was pinned from (null for questions written straight onto an exam).</summary>
    public Guid? SourceVersionId { get; private set; }

    /// <summary>Shown to learners after the results are published.</summary>
    public string? Explanation { get; private set; }

    public IReadOnlyList<Choice> Choices => _choices;

    internal static Question Create(
        Guid examId, string text, int points, int position, IReadOnlyList<(string Text, bool IsCorrect)> choices,
        Guid? sourceVersionId, string? explanation)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw ExamErrors.InvalidDefinition("A question needs a text.");
        }

        if (points is < 1 or > MaxPoints)
        {
            throw ExamErrors.InvalidDefinition($"A question is worth 1..{MaxPoints} points.");
        }

        if (choices.Count < 2 || choices.Count(c => c.IsCorrect) != 1)
        {
            throw ExamErrors.InvalidDefinition("A question has at least two choices and exactly one correct choice.");
        }

        var question = new Question
        {
            Id = Guid.NewGuid(),
            ExamId = examId,
            Text = text.Trim(),
            Points = points,
            Position = position,
            SourceVersionId = sourceVersionId,
            Explanation = explanation,
        };
        for (var i = 0; i < choices.Count; i++)
        {
            question._choices.Add(new Choice(Guid.NewGuid(), question.Id, choices[i].Text.Trim(), choices[i].IsCorrect, i));
        }

        return question;
    }

    public bool HasChoice(Guid choiceId) => _choices.Any(c => c.Id == choiceId);

    public bool IsCorrect(Guid choiceId) => _choices.Any(c => c.Id == choiceId && c.IsCorrect);
}

public sealed class Choice
{
    internal Choice(Guid id, Guid questionId, string text, bool isCorrect, int position)
    {
        Id = id;
        QuestionId = questionId;
        Text = text;
        IsCorrect = isCorrect;
        Position = position;
    }

    public Guid Id { get; private set; }
    public Guid QuestionId { get; private set; }
    public string Text { get; private set; }
    public bool IsCorrect { get; private set; }
    public int Position { get; private set; }
}
