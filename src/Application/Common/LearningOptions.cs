namespace LearningPlatform.Application.Common;

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

public sealed class RankingOptions
{
    public const string Section = "Ranking";

    /// <summary>Cron expression (5 fields) in <see cref="TimeZone"/>; default 02:00 every night.</summary>
    public string Schedule { get; set; } = "0 2 * * *";

    /// <summary>IANA time zone id, e.g. <c>Europe/Berlin</c>.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Whether this instance runs the nightly job (admin-triggered runs work either way).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long the ranking lock <c>lp:lock:ranking:{examId}</c> lives without a renewal; it is renewed every third of
    /// this while a run lasts, and a run whose renewal fails is rolled back.
    /// </summary>
    public TimeSpan LockLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How soon the nightly job runs again after a pass that left exams unranked (a failed run, an error).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(5);
}
