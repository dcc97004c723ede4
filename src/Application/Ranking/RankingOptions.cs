namespace LearningPlatform.Application.Ranking;

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
