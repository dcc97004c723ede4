using System.Diagnostics.Metrics;

namespace LearningPlatform.Application.Common;

/// <summary>
/// The platform's business metrics, on the meter <c>LearningPlatform</c> (exported by OpenTelemetry when telemetry is
/// on; free when nothing listens): attempts started and resumed, attempts completed, answers recorded and clamped.
/// </summary>
public sealed class LearningMetrics
{
    public const string MeterName = "LearningPlatform";

    private readonly Counter<long> _attemptsStarted;
    private readonly Counter<long> _attemptsCompleted;
    private readonly Counter<long> _answersRecorded;
    private readonly Counter<long> _answersClamped;

    public LearningMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _attemptsStarted = meter.CreateCounter<long>("lp.attempts.started", description: "Attempts started (resumed: tagged resumed=true).");
        _attemptsCompleted = meter.CreateCounter<long>("lp.attempts.completed", description: "Attempts completed by their learner.");
        _answersRecorded = meter.CreateCounter<long>("lp.answers.recorded", description: "Answers recorded (replays not counted).");
        _answersClamped = meter.CreateCounter<long>("lp.answers.clamped", description: "Answers whose elapsed time ran ahead of the server's clock.");
    }

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
