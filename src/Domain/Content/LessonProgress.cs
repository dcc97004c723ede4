namespace LearningPlatform.Domain.Content;

/// <summary>
/// How far a learner got in a lesson: <see cref="Percent"/> 0..100 and <see cref="Position"/> (seconds into a video,
/// the page of a PDF, 0 for an article), and when it was completed. Progress only moves forward: a report counts only
/// when it is ahead of what is stored (<see cref="IsAheadOf"/>: a higher percent, or the same percent at a later
/// position), so an older or lower report from a second device never rolls it back. Completion is percent 100 (a
/// report marked completed counts as 100) and is recorded once: <see cref="CompletedAt"/> is set by the first report
/// that completes the lesson and never moves. The store applies exactly <see cref="Merge"/> in one SQL statement.
/// </summary>
public sealed class LessonProgress
{
    public const int MaxPosition = 1_000_000;
    public const int Complete = 100;

    private LessonProgress()
    {
    }

    public Guid LearnerId { get; private set; }
    public Guid LessonId { get; private set; }
    public int Percent { get; private set; }
    public int Position { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public bool IsCompleted => CompletedAt is not null;

    /// <summary>A device's report; <paramref name="completed"/> marks the lesson done (percent 100).</summary>
    public static LessonProgress Report(Guid learnerId, Guid lessonId, int percent, int position, bool completed, DateTimeOffset now)
    {
        if (percent is < 0 or > Complete)
        {
            throw ContentErrors.InvalidProgress($"percent is 0..{Complete}.");
        }

        if (position is < 0 or > MaxPosition)
        {
            throw ContentErrors.InvalidProgress($"position is 0..{MaxPosition} (seconds or a page).");
        }

        var reached = completed ? Complete : percent;
        return new LessonProgress
        {
            LearnerId = learnerId,
            LessonId = lessonId,
            Percent = reached,
            Position = position,
            CompletedAt = reached == Complete ? now : null,
            UpdatedAt = now,
        };
    }

    /// <summary>Ahead of <paramref name="stored"/>: a higher percent, or the same percent at a later position.</summary>
    public bool IsAheadOf(LessonProgress stored) =>
        Percent > stored.Percent || (Percent == stored.Percent && Position > stored.Position);

    /// <summary>
    /// What is stored after <paramref name="report"/> arrives where this is stored: the report if it is ahead (keeping
    /// this completion time, if any), else this unchanged.
    /// </summary>
    public LessonProgress Merge(LessonProgress report)
    {
        if (report.LearnerId != LearnerId || report.LessonId != LessonId)
        {
            throw new ArgumentException("A report merges only into the same learner's progress in the same lesson.", nameof(report));
        }

        return report.IsAheadOf(this)
            ? new LessonProgress
            {
                LearnerId = LearnerId,
                LessonId = LessonId,
                Percent = report.Percent,
                Position = report.Position,
                CompletedAt = CompletedAt ?? report.CompletedAt,
                UpdatedAt = report.UpdatedAt,
            }
            : this;
    }
}
