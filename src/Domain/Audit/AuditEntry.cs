namespace LearningPlatform.Domain.Audit;

/// <summary>What an admin change touched.</summary>
public enum AuditEntity
{
    Question,
    Category,
    Pool,
    Exam,
    Attempt,
    Ranking,
    Reward,
    CouponCampaign,
    Broadcast,
    Course,
    Lesson,
    MediaUpload,
    Export,
}

/// <summary>
/// One admin change: who, when, what (an action on an entity) and the details of it as a JSON object. Written in the
/// same transaction as the change, so the log holds exactly the changes that happened. Rows are never updated.
/// </summary>
public sealed class AuditEntry
{
    public const int MaxActionLength = 64;

    private AuditEntry()
    {
        Action = string.Empty;
    }

    public Guid Id { get; private set; }
    /// <summary>Assigned by the database: the order entries were written in (several can share a millisecond).</summary>
    public long Sequence { get; private set; }
    public DateTimeOffset At { get; private set; }
    public Guid ActorId { get; private set; }
    /// <summary>What was done, in lower snake case: <c>created</c>, <c>scheduled</c>, <c>invalidated</c>, ...</summary>
    public string Action { get; private set; }
    public AuditEntity Entity { get; private set; }
    public Guid EntityId { get; private set; }
    /// <summary>A JSON object with what changed (or null).</summary>
    public string? Details { get; private set; }

    public static AuditEntry Record(Guid actorId, string action, AuditEntity entity, Guid entityId, DateTimeOffset at, string? details) =>
        new()
        {
            Id = Guid.CreateVersion7(at),
            At = at,
            ActorId = actorId,
            Action = action,
            Entity = entity,
            EntityId = entityId,
            Details = details,
        };
}
