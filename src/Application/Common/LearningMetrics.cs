using System.Diagnostics.Metrics;

namespace LearningPlatform.Application.Common;

/// <summary>
/// The platform's business metrics, on the meter <c>LearningPlatform</c> (exported by OpenTelemetry when telemetry is
/// on; free when nothing listens): attempts started and resumed, attempts completed, answers recorded and clamped,
/// ranking runs (duration, participants) and push sends by outcome.
/// </summary>
public sealed class LearningMetrics
{
    public const string MeterName = "LearningPlatform";

    private readonly Counter<long> _attemptsStarted;
    private readonly Counter<long> _attemptsCompleted;
    private readonly Counter<long> _answersRecorded;
    private readonly Counter<long> _answersClamped;
    private readonly Histogram<double> _rankingDuration;
    private readonly Histogram<long> _rankingParticipants;
    private readonly Counter<long> _pushSends;

    public LearningMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _attemptsStarted = meter.CreateCounter<long>("lp.attempts.started", description: "Attempts started (resumed: tagged resumed=true).");
        _attemptsCompleted = meter.CreateCounter<long>("lp.attempts.completed", description: "Attempts completed by their learner.");
        _answersRecorded = meter.CreateCounter<long>("lp.answers.recorded", description: "Answers recorded (replays not counted).");
        _answersClamped = meter.CreateCounter<long>("lp.answers.clamped", description: "Answers whose elapsed time ran ahead of the server's clock.");
        _rankingDuration = meter.CreateHistogram<double>("lp.ranking.duration", unit: "ms", description: "How long a ranking run took (succeeded runs).");
        _rankingParticipants = meter.CreateHistogram<long>("lp.ranking.participants", description: "Learners ranked by a run.");
        _pushSends = meter.CreateCounter<long>("lp.push.sends", description: "Push sends to FCM by outcome (sent, retry, unregistered, rejected).");
    }

    public void RankingSucceeded(double durationMs, long participants)
    {
        _rankingDuration.Record(durationMs);
        _rankingParticipants.Record(participants);
    }

    public void PushSent(string outcome) => _pushSends.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void AttemptStarted(bool resumed) => _attemptsStarted.Add(1, new KeyValuePair<string, object?>("resumed", resumed));

    public void AttemptCompleted() => _attemptsCompleted.Add(1);

    public void AnswerRecorded(bool clamped)
    {
        _answersRecorded.Add(1);
        if (clamped)
        {
            _answersClamped.Add(1);
        }
    }
}
