namespace LearningPlatform.Domain.QuestionBank;

/// <summary>DRAFT (being written), READY (can be put in exams and drawn from pools), HIDDEN (retired; exams keep their pinned copies).</summary>
public enum QuestionStatus
{
    Draft,
    Ready,
    Hidden,
}

/// <summary>
/// A question of the bank (Moodle 4's model): a stable id, a category, a status, and immutable versions. Editing adds
/// a version and moves <see cref="CurrentVersion"/>; nothing ever changes a version, so an exam that pinned one
/// keeps serving and scoring exactly what it pinned. Questions are not deleted, only hidden.
/// </summary>
public sealed class BankQuestion
{
    private BankQuestion()
    {
    }

    public Guid Id { get; private set; }
    public Guid CategoryId { get; private set; }
    public QuestionStatus Status { get; private set; }
    public int CurrentVersion { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The row version: two admins editing at once cannot both add version n + 1.</summary>
    public uint RowVersion { get; private set; }

    public static (BankQuestion Question, QuestionVersion Version) Create(
        Guid categoryId, QuestionContent content, QuestionStatus status, Guid by, DateTimeOffset now)
    {
        var question = new BankQuestion
        {
            Id = Guid.CreateVersion7(now),
            CategoryId = categoryId,
            Status = status,
            CurrentVersion = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        return (question, QuestionVersion.Of(question.Id, 1, content, by, now));
    }

    /// <summary>A new version with <paramref name="content"/>; the earlier ones stay as they were.</summary>
    public QuestionVersion Edit(QuestionContent content, Guid by, DateTimeOffset now)
    {
        CurrentVersion++;
        UpdatedAt = now;
        return QuestionVersion.Of(Id, CurrentVersion, content, by, now);
    }

    public void MoveTo(Guid categoryId, DateTimeOffset now)
    {
        CategoryId = categoryId;
        UpdatedAt = now;
    }

    public void SetStatus(QuestionStatus status, DateTimeOffset now)
    {
        Status = status;
        UpdatedAt = now;
    }
}

/// <summary>One immutable version of a bank question.</summary>
public sealed class QuestionVersion
{
    private QuestionVersion()
    {
        Stem = string.Empty;
        Choices = [];
        Tags = [];
        DuplicateKey = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid QuestionId { get; private set; }
    public int Number { get; private set; }
    public string? Title { get; private set; }
    public string Stem { get; private set; }
    public List<ChoiceContent> Choices { get; private set; }
    public int Points { get; private set; }
    public string? Explanation { get; private set; }
    public string[] Tags { get; private set; }
    /// <summary><see cref="QuestionContent.DuplicateKey"/> of this version.</summary>
    public string DuplicateKey { get; private set; }
    public Guid CreatedBy { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    internal static QuestionVersion Of(Guid questionId, int number, QuestionContent content, Guid by, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        QuestionId = questionId,
        Number = number,
        Title = content.Title,
        Stem = content.Stem,
        Choices = [.. content.Choices],
        Points = content.Points,
        Explanation = content.Explanation,
        Tags = [.. content.Tags],
        DuplicateKey = content.DuplicateKey,
        CreatedBy = by,
        CreatedAt = now,
    };
}
