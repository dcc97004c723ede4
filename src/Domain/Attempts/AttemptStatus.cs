namespace LearningPlatform.Domain.Attempts;

public enum AttemptStatus
{
    InProgress,
    Completed,
    Expired,
    Invalidated,
}

public enum AnswerOutcome
{
    /// <summary>The response was stored as sent.</summary>
    Recorded,
    /// <summary>The same response was already stored; nothing changed.</summary>
    AlreadyRecorded,
    /// <summary>Stored, but its elapsedMs was cut to what the server saw pass; the attempt is flagged for review.</summary>
    RecordedClamped,
}
