using LearningPlatform.Domain.Exams;

namespace LearningPlatform.Domain.Attempts;

/// <summary>
/// One learner's run at an exam: <c>IN_PROGRESS → COMPLETED | EXPIRED</c>, and <c>→ INVALIDATED</c> by an admin.
/// </summary>
public sealed class Attempt
{
    public const string ClampedFlag = "elapsed_clamped";
    public const int MaxInvalidationReasonLength = 500;

    private readonly List<Response> _responses = [];

    private Attempt()
    {
        QuestionOrder = [];
        TokenHash = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid ExamId { get; private set; }
    public Guid LearnerId { get; private set; }
    public int AttemptNumber { get; private set; }
    public AttemptStatus Status { get; private set; }
    public DateTimeOffset StartedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }
    /// <summary>The attempt's own shuffled question order; questions are served in it.</summary>
    public Guid[] QuestionOrder { get; private set; }
    /// <summary>SHA-256 of the attempt token; the token itself is never stored.</summary>
    public string TokenHash { get; private set; }
    public int Score { get; private set; }
    /// <summary>How many questions are answered; kept so that an answer need not load the others.</summary>
    public int AnsweredCount { get; private set; }
    public long TotalElapsedMs { get; private set; }
    public bool FlaggedForReview { get; private set; }
    public string? ReviewReason { get; private set; }
    public string? InvalidatedReason { get; private set; }
    public Guid? InvalidatedBy { get; private set; }
    public ExamResult? Result { get; private set; }
    /// <summary>Concurrency token (PostgreSQL <c>xmin</c>): two state changes from the same version cannot both win.</summary>
    public uint Version { get; private set; }
    public IReadOnlyList<Response> Responses => _responses;

    public long TimeLimitMs => (long)(ExpiresAt - StartedAt).TotalMilliseconds;

    internal static Attempt Begin(
        Guid examId, Guid learnerId, int attemptNumber, Guid[] questionOrder, string tokenHash,
        DateTimeOffset now, DateTimeOffset expiresAt) => new()
        {
            Id = Guid.CreateVersion7(now),
            ExamId = examId,
            LearnerId = learnerId,
            AttemptNumber = attemptNumber,
            Status = AttemptStatus.InProgress,
            StartedAt = now,
            ExpiresAt = expiresAt,
            QuestionOrder = questionOrder,
            TokenHash = tokenHash,
        };

    internal void RotateToken(string tokenHash) => TokenHash = tokenHash;

    /// <summary>
    /// Records the answer to one question. <paramref name="clockTolerance"/> is how far the learner's summed
    /// <c>elapsedMs</c> may run ahead of the time the server saw pass since the start.
    /// <see cref="Responses"/> must hold this question's response if there is one (the others need not be loaded);
    /// the database's key on (attempt, question) is the backstop.
    /// </summary>
    public AnswerOutcome Answer(Question question, Guid choiceId, long elapsedMs, DateTimeOffset now, TimeSpan clockTolerance)
    {
        EnsureInProgress(now);

        if (question.ExamId != ExamId || !QuestionOrder.Contains(question.Id))
        {
            throw AttemptErrors.QuestionNotInAttempt();
        }

        if (!question.HasChoice(choiceId))
        {
            throw AttemptErrors.ChoiceNotInQuestion();
        }

        if (elapsedMs < 0 || elapsedMs > TimeLimitMs)
        {
            throw AttemptErrors.ElapsedOutOfRange(TimeLimitMs);
        }

        var existing = _responses.SingleOrDefault(r => r.QuestionId == question.Id);
        if (existing is not null)
        {
            return existing.ChoiceId == choiceId ? AnswerOutcome.AlreadyRecorded : throw AttemptErrors.AnswerChanged();
        }

        var outcome = AnswerOutcome.Recorded;
        var allowedTotal = (long)(now - StartedAt + clockTolerance).TotalMilliseconds;
        var counted = elapsedMs;
        if (TotalElapsedMs + elapsedMs > allowedTotal)
        {
            counted = Math.Max(0, allowedTotal - TotalElapsedMs);
            FlagForReview(ClampedFlag);
            outcome = AnswerOutcome.RecordedClamped;
        }

        var correct = question.IsCorrect(choiceId);
        _responses.Add(new Response(Id, question.Id, choiceId, counted, elapsedMs, correct, now));
        TotalElapsedMs += counted;
        AnsweredCount++;
        if (correct)
        {
            Score += question.Points;
        }

        return outcome;
    }

    public void Complete(DateTimeOffset now)
    {
        EnsureInProgress(now);
        Finish(AttemptStatus.Completed, now);
    }

    /// <summary>Lazily moves an attempt whose time ran out to EXPIRED; its answers count. True when it changed.</summary>
    public bool ExpireIfDue(DateTimeOffset now)
    {
        if (Status != AttemptStatus.InProgress || now < ExpiresAt)
        {
            return false;
        }

        Finish(AttemptStatus.Expired, ExpiresAt);
        return true;
    }

    /// <summary>
    /// An admin takes the attempt out of the ranking, whatever its status (one still IN_PROGRESS can no longer be answered);
    /// its result stays, uncounted. Only through <see cref="Exam.InvalidateAttempt"/>, which decides whether the exam allows it.
    /// </summary>
    internal void Invalidate(Guid adminId, string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxInvalidationReasonLength)
        {
            throw AttemptErrors.ReasonRequired();
        }

        if (Status == AttemptStatus.Invalidated)
        {
            throw AttemptErrors.AlreadyInvalidated();
        }

        Status = AttemptStatus.Invalidated;
        InvalidatedBy = adminId;
        InvalidatedReason = reason.Trim();
    }

    /// <summary>Refuses any move on an attempt that is not IN_PROGRESS (expiring it first if its time ran out).</summary>
    public void EnsureInProgress(DateTimeOffset now)
    {
        ExpireIfDue(now);
        if (Status == AttemptStatus.Expired)
        {
            throw AttemptErrors.Expired(ExpiresAt);
        }

        if (Status != AttemptStatus.InProgress)
        {
            throw AttemptErrors.NotInProgress(Status);
        }
    }

    private void FlagForReview(string reason)
    {
        FlaggedForReview = true;
        ReviewReason ??= reason;
    }

    private void Finish(AttemptStatus status, DateTimeOffset finishedAt)
    {
        Status = status;
        FinishedAt = finishedAt;
        Result = ExamResult.PendingFor(this);
    }
}
