namespace LearningPlatform.Domain.Content;

public enum LessonKind
{
    Video,
    Pdf,
    Article,
}

/// <summary>
/// What an admin writes on a lesson. <see cref="MediaKey"/> and <see cref="MediaContentType"/> come together or not
/// at all; <see cref="DurationSeconds"/> belongs to a video, <see cref="PageCount"/> to a PDF.
/// </summary>
public sealed record LessonDefinition(
    string Title,
    string? Body,
    LessonKind Kind,
    string? MediaKey,
    string? MediaContentType,
    int? DurationSeconds,
    int? PageCount,
    bool IsPremium);

/// <summary>
/// A lesson of a course: a video, a PDF or an article, in <see cref="SortOrder"/> within its course. Learners see it
/// only while both it and its course are published; a premium lesson's content needs an entitlement.
/// </summary>
public sealed class Lesson
{
    public const int MaxTitleLength = 200;
    public const int MaxBodyLength = 20_000;
    public const int MaxDurationSeconds = 86_400;
    public const int MaxPageCount = 100_000;

    private Lesson()
    {
        Title = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid CourseId { get; private set; }
    public string Title { get; private set; }
    /// <summary>An article's text, or notes under a video or PDF.</summary>
    public string? Body { get; private set; }
    public LessonKind Kind { get; private set; }
    public string? MediaKey { get; private set; }
    public string? MediaContentType { get; private set; }
    public int? DurationSeconds { get; private set; }
    public int? PageCount { get; private set; }
    public bool IsPremium { get; private set; }
    public bool IsPublished { get; private set; }
    /// <summary>Where the lesson stands in its course (ascending; ties by creation).</summary>
    public int SortOrder { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }
    /// <summary>Concurrency token (PostgreSQL <c>xmin</c>).</summary>
    public uint Version { get; private set; }

    public LessonDefinition Definition => new(Title, Body, Kind, MediaKey, MediaContentType, DurationSeconds, PageCount, IsPremium);

    /// <summary>
    /// The definition's problems by field (<c>title</c>, <c>body</c>, <c>mediaKey</c>, <c>mediaContentType</c>,
    /// <c>durationSeconds</c>, <c>pageCount</c>); empty when it is valid.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> Problems(LessonDefinition definition)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(definition.Title) || definition.Title.Trim().Length > MaxTitleLength)
        {
            errors["title"] = [$"A title has 1..{MaxTitleLength} characters."];
        }

        if (definition.Body?.Length > MaxBodyLength)
        {
            errors["body"] = [$"A body has at most {MaxBodyLength} characters."];
        }

        if (!Enum.IsDefined(definition.Kind))
        {
            errors["kind"] = ["kind is VIDEO, PDF or ARTICLE."];
        }

        if ((definition.MediaKey is null) != (definition.MediaContentType is null))
        {
            errors[definition.MediaKey is null ? "mediaKey" : "mediaContentType"] = ["mediaKey and mediaContentType are set together or not at all."];
        }
        else if (definition.MediaKey is not null)
        {
            if (MediaRules.KeyProblem(definition.MediaKey) is { } keyProblem)
            {
                errors["mediaKey"] = [keyProblem];
            }

            var allowed = MediaRules.ContentTypesFor(definition.Kind);
            if (!allowed.Contains(definition.MediaContentType))
            {
                errors["mediaContentType"] = [$"A {definition.Kind.ToString().ToUpperInvariant()} lesson's media is {string.Join(" or ", allowed)}."];
            }
        }

        if (definition.DurationSeconds is { } seconds)
        {
            if (definition.Kind != LessonKind.Video)
            {
                errors["durationSeconds"] = ["Only a video has a duration."];
            }
            else if (seconds is < 1 or > MaxDurationSeconds)
            {
                errors["durationSeconds"] = [$"durationSeconds is 1..{MaxDurationSeconds}."];
            }
        }

        if (definition.PageCount is { } pages)
        {
            if (definition.Kind != LessonKind.Pdf)
            {
                errors["pageCount"] = ["Only a PDF has a page count."];
            }
            else if (pages is < 1 or > MaxPageCount)
            {
                errors["pageCount"] = [$"pageCount is 1..{MaxPageCount}."];
            }
        }

        return errors;
    }

    /// <summary>
    /// What a lesson needs before learners can see it: a video its mp4 and duration, a PDF its file and page count,
    /// an article its text. Empty when it is complete.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> PublishProblems(LessonDefinition definition)
    {
        var errors = new Dictionary<string, string[]>();
        if (definition.Kind is LessonKind.Video or LessonKind.Pdf && definition.MediaKey is null)
        {
            errors["mediaKey"] = [$"A {definition.Kind.ToString().ToUpperInvariant()} lesson needs its media."];
        }

        if (definition.Kind == LessonKind.Video && definition.DurationSeconds is null)
        {
            errors["durationSeconds"] = ["A video needs its duration."];
        }

        if (definition.Kind == LessonKind.Pdf && definition.PageCount is null)
        {
            errors["pageCount"] = ["A PDF needs its page count."];
        }

        if (definition.Kind == LessonKind.Article && string.IsNullOrWhiteSpace(definition.Body))
        {
            errors["body"] = ["An article needs its text."];
        }

        return errors;
    }

    /// <summary>A new, unpublished lesson of <paramref name="courseId"/> at <paramref name="sortOrder"/>.</summary>
    public static Lesson Create(Guid courseId, LessonDefinition definition, int sortOrder, DateTimeOffset now, Guid? id = null)
    {
        var lesson = new Lesson { Id = id ?? Guid.CreateVersion7(now), CourseId = courseId, SortOrder = sortOrder, CreatedAt = now };
        lesson.Define(definition, now);
        return lesson;
    }

    /// <summary>Replaces the definition; a published lesson must stay complete (<see cref="PublishProblems"/>).</summary>
    public void Define(LessonDefinition definition, DateTimeOffset now)
    {
        if (Problems(definition) is { Count: > 0 } errors)
        {
            throw ContentErrors.InvalidLesson(errors);
        }

        if (IsPublished && PublishProblems(definition) is { Count: > 0 } missing)
        {
            throw ContentErrors.LessonNotPublishable(missing);
        }

        Title = definition.Title.Trim();
        Body = string.IsNullOrWhiteSpace(definition.Body) ? null : definition.Body;
        Kind = definition.Kind;
        MediaKey = definition.MediaKey;
        MediaContentType = definition.MediaContentType;
        DurationSeconds = definition.DurationSeconds;
        PageCount = definition.PageCount;
        IsPremium = definition.IsPremium;
        UpdatedAt = now;
    }

    public void Publish(DateTimeOffset now)
    {
        if (IsPublished)
        {
            throw ContentErrors.LessonAlreadyPublished();
        }

        if (PublishProblems(Definition) is { Count: > 0 } missing)
        {
            throw ContentErrors.LessonNotPublishable(missing);
        }

        IsPublished = true;
        PublishedAt = now;
        UpdatedAt = now;
    }

    public void Unpublish(DateTimeOffset now)
    {
        if (!IsPublished)
        {
            throw ContentErrors.LessonNotPublished();
        }

        IsPublished = false;
        UpdatedAt = now;
    }

    public void MoveTo(int sortOrder, DateTimeOffset now)
    {
        SortOrder = sortOrder;
        UpdatedAt = now;
    }

    public void EnsureDeletable()
    {
        if (IsPublished)
        {
            throw ContentErrors.LessonStillPublished();
        }
    }
}
