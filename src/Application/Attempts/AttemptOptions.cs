namespace LearningPlatform.Application.Attempts;

public sealed class AttemptOptions
{
    public const string Section = "Attempts";

    /// <summary>How far a learner's summed elapsedMs may run ahead of the server's clock before it is clamped.</summary>
    public TimeSpan ClockTolerance { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long the start lock <c>lp:idem:start:{learner}:{exam}</c> is held at most.</summary>
    public TimeSpan StartLockLease { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often overdue IN_PROGRESS attempts are swept to EXPIRED; zero turns the sweep off.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);
}
