using LearningPlatform.Domain.Ranking;

namespace LearningPlatform.Domain.Exports;

/// <summary><c>PENDING → RUNNING → SUCCEEDED | FAILED</c>; a RUNNING export whose lease ran out is claimed again.</summary>
public enum ExportStatus
{
    Pending,
    Running,
    Succeeded,
    Failed,
}

/// <summary>
/// One CSV file of a ranked exam's standings, written to the object store by a background job: requested by an admin
/// (PENDING), claimed by one instance for a lease (RUNNING), then SUCCEEDED (rows and bytes known, the object at
/// <see cref="ObjectKey"/>) or FAILED (<see cref="Error"/>). An instance that dies leaves it RUNNING; once the lease has
/// run out another instance claims it again, at most <see cref="MaxAttempts"/> times in all.
/// </summary>
public sealed class Export
{
    public const int MaxErrorLength = 1000;
    public const int MaxAttempts = 3;
    public const string ContentType = "text/csv";

    private Export()
    {
        ObjectKey = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid ExamId { get; private set; }
    public Guid RequestedBy { get; private set; }
    public ExportStatus Status { get; private set; }
    /// <summary>Where the CSV lives (<c>exports/{examId}/{exportId}.csv</c>); an object only once SUCCEEDED.</summary>
    public string ObjectKey { get; private set; }
    /// <summary>Standings written (the header not counted), once SUCCEEDED.</summary>
    public long? Rows { get; private set; }
    public long? Bytes { get; private set; }
    public string? Error { get; private set; }
    /// <summary>How many times an instance claimed it.</summary>
    public int Attempts { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? StartedAt { get; private set; }
    /// <summary>While RUNNING: until when the claiming instance owns it.</summary>
    public DateTimeOffset? LeaseUntil { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }
    public uint Version { get; private set; }

    public bool IsActive => Status is ExportStatus.Pending or ExportStatus.Running;

    public static string ObjectKeyOf(Guid examId, Guid exportId) => $"exports/{examId}/{exportId}.csv";

    /// <summary>A new PENDING export of an exam in <paramref name="examStatus"/>: only a RANKED or PUBLISHED exam has standings.</summary>
    public static Export Request(Guid examId, ExamRankingStatus examStatus, Guid requestedBy, DateTimeOffset now)
    {
        if (examStatus is not (ExamRankingStatus.Ranked or ExamRankingStatus.Published))
        {
            throw ExportErrors.NotRanked(examStatus);
        }

        var id = Guid.CreateVersion7(now);
        return new Export
        {
            Id = id,
            ExamId = examId,
            RequestedBy = requestedBy,
            Status = ExportStatus.Pending,
            ObjectKey = ObjectKeyOf(examId, id),
            CreatedAt = now,
        };
    }

    /// <summary>Whether an instance may claim it now: PENDING, or RUNNING with its lease run out.</summary>
    public bool IsClaimable(DateTimeOffset now) =>
        Status == ExportStatus.Pending || (Status == ExportStatus.Running && LeaseUntil <= now);

    /// <summary>
    /// PENDING (or RUNNING with its lease run out) → RUNNING for this instance until <paramref name="leaseUntil"/>.
    /// Returns false, and fails the export, when it was claimed <see cref="MaxAttempts"/> times already.
    /// </summary>
    public bool Claim(DateTimeOffset now, DateTimeOffset leaseUntil)
    {
        if (!IsClaimable(now))
        {
            throw ExportErrors.InvalidTransition(Status, ExportStatus.Running);
        }

        if (Attempts >= MaxAttempts)
        {
            Fail($"Abandoned: the instances running it stopped {Attempts} times before it finished.", now);
            return false;
        }

        Status = ExportStatus.Running;
        Attempts++;
        StartedAt = now;
        LeaseUntil = leaseUntil;
        return true;
    }

    /// <summary>RUNNING → PENDING: the instance stops (shutdown) and hands it back for any instance to claim.</summary>
    public void Release()
    {
        EnsureRunning(ExportStatus.Pending);
        Status = ExportStatus.Pending;
        LeaseUntil = null;
    }

    public void Succeed(long rows, long bytes, DateTimeOffset now)
    {
        EnsureRunning(ExportStatus.Succeeded);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        Status = ExportStatus.Succeeded;
        Rows = rows;
        Bytes = bytes;
        LeaseUntil = null;
        FinishedAt = now;
    }

    public void Fail(string error, DateTimeOffset now)
    {
        EnsureRunning(ExportStatus.Failed);
        Status = ExportStatus.Failed;
        Error = error.Length <= MaxErrorLength ? error : error[..MaxErrorLength];
        LeaseUntil = null;
        FinishedAt = now;
    }

    private void EnsureRunning(ExportStatus to)
    {
        // Claim fails an abandoned export straight from RUNNING; nothing finishes one that is PENDING or finished.
        if (Status != ExportStatus.Running)
        {
            throw ExportErrors.InvalidTransition(Status, to);
        }
    }
}
