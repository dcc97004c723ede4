namespace LearningPlatform.Domain.QuestionBank;

/// <summary>
/// A saved draw rule: the READY questions of a category (or of the whole bank) carrying all of the pool's tags. An exam
/// draws a number of questions from it when it is scheduled, once for every learner.
/// </summary>
public sealed class QuestionPool
{
    public const int MaxNameLength = 100;

    private QuestionPool()
    {
        Name = string.Empty;
        Tags = [];
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; }
    public Guid? CategoryId { get; private set; }
    public string[] Tags { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public static QuestionPool Create(string name, Guid? categoryId, IReadOnlyList<string>? tags, DateTimeOffset now)
    {
        var pool = new QuestionPool { Id = Guid.CreateVersion7(now), CreatedAt = now };
        pool.Define(name, categoryId, tags, now);
        return pool;
    }

    public void Define(string name, Guid? categoryId, IReadOnlyList<string>? tags, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength)
        {
            errors["name"] = [$"A name has 1..{MaxNameLength} characters."];
        }

        var normalized = (tags ?? []).Select(t => t.Trim().ToLowerInvariant()).Distinct().ToArray();
        if (normalized.Length > QuestionContent.MaxTags || !normalized.All(QuestionContent.IsTag))
        {
            errors["tags"] = [$"At most {QuestionContent.MaxTags} tags, each 1..{QuestionContent.MaxTagLength} of a-z, 0-9 and '-'."];
        }

        if (errors.Count > 0)
        {
            throw QuestionBankErrors.InvalidContent(errors);
        }

        Name = name.Trim();
        CategoryId = categoryId;
        Tags = normalized;
        UpdatedAt = now;
    }
}
