namespace LearningPlatform.Domain.Content;

/// <summary>What an admin writes on a course.</summary>
public sealed record CourseDefinition(string Title, string? Summary, string? CoverImageKey);

/// <summary>
/// A course: a title, a summary, an optional cover image (an object key) and its lessons in order. Learners see it only
/// while it is published, and in <see cref="SortOrder"/> among the others.
/// </summary>
public sealed class Course
{
    public const int MaxTitleLength = 200;
    public const int MaxSummaryLength = 2000;

    private Course()
    {
        Title = string.Empty;
    }

    public Guid Id { get; private set; }
    public string Title { get; private set; }
    public string? Summary { get; private set; }
    public string? CoverImageKey { get; private set; }
    public bool IsPublished { get; private set; }
    /// <summary>Where the course stands among the others (ascending; ties by creation).</summary>
    public int SortOrder { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }
    /// <summary>Concurrency token (PostgreSQL <c>xmin</c>): two admins changing the course at once get one success and one 409.</summary>
    public uint Version { get; private set; }

    /// <summary>The definition's problems by field (<c>title</c>, <c>summary</c>, <c>coverImageKey</c>); empty when it is valid.</summary>
    public static IReadOnlyDictionary<string, string[]> Problems(CourseDefinition definition)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(definition.Title) || definition.Title.Trim().Length > MaxTitleLength)
        {
            errors["title"] = [$"A title has 1..{MaxTitleLength} characters."];
        }

        if (definition.Summary?.Trim().Length > MaxSummaryLength)
        {
            errors["summary"] = [$"A summary has at most {MaxSummaryLength} characters."];
        }

        if (definition.CoverImageKey is not null && MediaRules.KeyProblem(definition.CoverImageKey) is { } problem)
        {
            errors["coverImageKey"] = [problem];
        }

        return errors;
    }

    /// <summary>A new, unpublished course at <paramref name="sortOrder"/>.</summary>
    public static Course Create(CourseDefinition definition, int sortOrder, DateTimeOffset now, Guid? id = null)
    {
        var course = new Course { Id = id ?? Guid.CreateVersion7(now), SortOrder = sortOrder, CreatedAt = now };
        course.Define(definition, now);
        return course;
    }

    public void Define(CourseDefinition definition, DateTimeOffset now)
    {
        if (Problems(definition) is { Count: > 0 } errors)
        {
            throw ContentErrors.InvalidCourse(errors);
        }

        Title = definition.Title.Trim();
        Summary = string.IsNullOrWhiteSpace(definition.Summary) ? null : definition.Summary.Trim();
        CoverImageKey = definition.CoverImageKey;
        UpdatedAt = now;
    }

    public void Publish(DateTimeOffset now)
    {
        if (IsPublished)
        {
            throw ContentErrors.CourseAlreadyPublished();
        }

        IsPublished = true;
        PublishedAt = now;
        UpdatedAt = now;
    }

    public void Unpublish(DateTimeOffset now)
    {
        if (!IsPublished)
        {
            throw ContentErrors.CourseNotPublished();
        }

        IsPublished = false;
        UpdatedAt = now;
    }

    public void MoveTo(int sortOrder, DateTimeOffset now)
    {
        SortOrder = sortOrder;
        UpdatedAt = now;
    }

    /// <summary>Only an unpublished course may be deleted (its lessons and their progress go with it).</summary>
    public void EnsureDeletable()
    {
        if (IsPublished)
        {
            throw ContentErrors.CourseStillPublished();
        }
    }
}
