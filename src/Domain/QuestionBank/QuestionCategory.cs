namespace LearningPlatform.Domain.QuestionBank;

/// <summary>A folder of the question bank ("Geography", "Science/Physics"); names are unique.</summary>
public sealed class QuestionCategory
{
    public const int MaxNameLength = 100;

    private QuestionCategory()
    {
        Name = string.Empty;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static QuestionCategory Create(string name, DateTimeOffset now, Guid? id = null) =>
        new() { Id = id ?? Guid.CreateVersion7(now), Name = Checked(name), CreatedAt = now };

    public void Rename(string name) => Name = Checked(name);

    private static string Checked(string name) =>
        string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength
            ? throw QuestionBankErrors.InvalidContent(new Dictionary<string, string[]> { ["name"] = [$"A name has 1..{MaxNameLength} characters."] })
            : name.Trim();
}
