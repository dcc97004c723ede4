using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LearningPlatform.Application.Common;

/// <summary>
/// The platform's business metrics, on the meter <c>LearningPlatform</c> (exported by OpenTelemetry when telemetry is
/// on; free when nothing listens): attempts started and resumed, attempts completed, answers recorded and clamped,
/// ranking runs (duration, participants), publish duration, push sends by outcome, the outbox backlog and its oldest
/// message's age, throttle refusals and idempotency replays.
/// </summary>
public sealed class LearningMetrics
{
    public const string MeterName = "LearningPlatform";

    /// <summary>The spans the platform starts itself (the outbox's pushes), under the meter's name.</summary>
    public static readonly ActivitySource Activities = new(MeterName);

    /// <summary>How often at most the dispatcher counts the backlog for the gauges (only while someone reads them).</summary>
    public static readonly TimeSpan BacklogRefresh = TimeSpan.FromSeconds(10);

    private readonly Counter<long> _attemptsStarted;
    private readonly Counter<long> _attemptsCompleted;
    private readonly Counter<long> _answersRecorded;
    private readonly Counter<long> _answersClamped;
    private readonly Histogram<double> _rankingDuration;
    private readonly Histogram<long> _rankingParticipants;
    private readonly Histogram<double> _publishDuration;
    private readonly Counter<long> _pushSends;
    private readonly Counter<long> _throttleRefusals;
    private readonly Counter<long> _idempotencyReplays;
    private readonly ObservableGauge<long> _outboxBacklog;
    private readonly TimeProvider _clock;
    private Backlog? _backlog;

    public LearningMetrics(IMeterFactory meters, TimeProvider clock)
    {
        _clock = clock;
        var meter = meters.Create(MeterName);
        _attemptsStarted = meter.CreateCounter<long>("lp.attempts.started", description: "Attempts started (resumed: tagged resumed=true).");
        _attemptsCompleted = meter.CreateCounter<long>("lp.attempts.completed", description: "Attempts completed by their learner.");
        _answersRecorded = meter.CreateCounter<long>("lp.answers.recorded", description: "Answers recorded (replays not counted), by what the decision was made on (read=memory|database).");
        _answersClamped = meter.CreateCounter<long>("lp.answers.clamped", description: "Answers whose elapsed time ran ahead of the server's clock.");
        _rankingDuration = meter.CreateHistogram<double>("lp.ranking.duration", unit: "ms", description: "How long a ranking run took (succeeded runs).");
        _rankingParticipants = meter.CreateHistogram<long>("lp.ranking.participants", description: "Learners ranked by a run.");
        _publishDuration = meter.CreateHistogram<double>("lp.publish.duration", unit: "ms",
            description: "How long publishing a ranked exam took: the transaction with its notices, then the final leaderboard.");
        _pushSends = meter.CreateCounter<long>("lp.push.sends", description: "Push sends to FCM by outcome (sent, retry, unregistered, rejected).");
        _throttleRefusals = meter.CreateCounter<long>("lp.throttle.refusals", description: "Requests refused by a per-learner throttle (429), by policy.");
        _idempotencyReplays = meter.CreateCounter<long>("lp.idempotency.replays", description: "Requests answered with a stored response (same Idempotency-Key and body).");
        _outboxBacklog = meter.CreateObservableGauge("lp.outbox.backlog", ObserveBacklog,
            description: "PENDING outbox messages (all instances), as last counted by this instance's dispatcher.");
        meter.CreateObservableGauge("lp.outbox.oldest_age", ObserveOldestAge, unit: "s",
            description: "Age of the oldest PENDING outbox message (0 when none), as last counted by this instance's dispatcher.");
    }

    /// <summary>True when the backlog gauges are read and their count is older than <see cref="BacklogRefresh"/>.</summary>
    public bool BacklogDue => _outboxBacklog.Enabled && (_backlog is not { } last || _clock.GetUtcNow() - last.At >= BacklogRefresh);

    /// <summary>The dispatcher's latest count, reported by the gauges until the next one.</summary>
    public void OutboxBacklogCounted(long pending, DateTimeOffset? oldestCreatedAt) =>
        _backlog = new Backlog(pending, oldestCreatedAt, _clock.GetUtcNow());

    public void RankingSucceeded(double durationMs, long participants)
    {
        _rankingDuration.Record(durationMs);
        _rankingParticipants.Record(participants);
    }

    public void Published(TimeSpan duration) => _publishDuration.Record(duration.TotalMilliseconds);

    public void PushSent(string outcome) => _pushSends.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void AttemptStarted(bool resumed) => _attemptsStarted.Add(1, new KeyValuePair<string, object?>("resumed", resumed));

    public void AttemptCompleted() => _attemptsCompleted.Add(1);

    /// <param name="recalled">Decided on the answer store's memory of the attempt (one statement) rather than a read (two).</param>
    public void AnswerRecorded(bool clamped, bool recalled)
    {
        _answersRecorded.Add(1, new KeyValuePair<string, object?>("read", recalled ? "memory" : "database"));
        if (clamped)
        {
            _answersClamped.Add(1);
        }
    }

    public void Throttled(string policy) => _throttleRefusals.Add(1, new KeyValuePair<string, object?>("policy", policy));

    public void IdempotentReplay() => _idempotencyReplays.Add(1);

    private IEnumerable<Measurement<long>> ObserveBacklog() =>
        _backlog is { } backlog ? [new Measurement<long>(backlog.Pending)] : [];

    private IEnumerable<Measurement<double>> ObserveOldestAge() =>
        _backlog is { } backlog
            ? [new Measurement<double>(backlog.Oldest is { } oldest ? Math.Max(0, (_clock.GetUtcNow() - oldest).TotalSeconds) : 0)]
            : [];

    private sealed record Backlog(long Pending, DateTimeOffset? Oldest, DateTimeOffset At);
}
