namespace LearningPlatform.Application.Notifications;

public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>Messages claimed per round.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>How long a claim keeps other dispatchers off a message; a crashed instance's claims come back after it.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Tries before a message is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The first retry waits up to this (full jitter), doubling per try up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan BaseBackoff { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long the dispatcher sleeps when nothing is due; zero turns the dispatcher off in this instance.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
}
