using LearningPlatform.Domain.Attempts;
using LearningPlatform.Domain.Ranking;

namespace LearningPlatform.Domain.Exams;

/// <summary>A timed exam (contest) with its questions. Learners start attempts on it while it is open.</summary>
public sealed class Exam
{
    private readonly List<Question> _questions = [];

    private Exam()
    {
        Title = string.Empty;
    }

    /// <summary>An attempt lasts at most this: a total time stays far inside what the leaderboard's encoding holds.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(1);

    /// <summary>At most this many questions in one exam (pinned or drawn).</summary>
    public const int MaxQuestions = 200;

    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 2000;

    public Guid Id { get; private set; }
    public string Title { get; private set; }
    public string? Description { get; private set; }
    public DateTimeOffset OpensAt { get; private set; }
    public DateTimeOffset ClosesAt { get; private set; }
    public int DurationSeconds { get; private set; }
    public int MaxAttempts { get; private set; }
    public bool IsPremium { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public ExamRankingStatus RankingStatus { get; private set; }
    public ExamMode Mode { get; private set; }

    /// <summary>Coins each participant pays to enter (0 for a free exam).</summary>
    public long EntryFee { get; private set; }

    /// <summary>The platform's share of the fees, in basis points (0..10000).</summary>
    public int RakeBasisPoints { get; private set; }

    /// <summary>The least the prize pool holds, whatever the fees.</summary>
    public long GuaranteedPool { get; private set; }

    /// <summary>What the ranking awards; an empty table awards nothing.</summary>
    public PrizeTable Prizes { get; private set; } = PrizeTable.Empty;

    /// <summary>Written by the ranking, in the same transaction as the ranks and the awards.</summary>
    public ExamEconomics? Economics { get; private set; }

    /// <summary>The row version: two instances moving the exam's status at once cannot both win.</summary>
    public uint Version { get; private set; }

    public IReadOnlyList<Question> Questions => _questions;

    /// <summary>The questions as the admin wrote them (bank questions and pool draws); pinned into <see cref="Questions"/> by <see cref="Schedule"/>.</summary>
    public IReadOnlyList<ExamItem> Items { get; private set; } = [];

    /// <summary>When the exam was last scheduled (its questions pinned); null for a draft and for exams made before authoring.</summary>
    public DateTimeOffset? ScheduledAt { get; private set; }

    public TimeSpan Duration => TimeSpan.FromSeconds(DurationSeconds);

    public static Exam Create(
        string title,
        DateTimeOffset opensAt,
        DateTimeOffset closesAt,
        TimeSpan duration,
        DateTimeOffset now,
        int maxAttempts = 1,
        bool isPremium = false,
        Guid? id = null,
        ExamMode mode = ExamMode.Contest)
    {
        CheckDefinition(title, opensAt, closesAt, duration, maxAttempts);
        return new Exam
        {
            Id = id ?? Guid.CreateVersion7(now),
            Title = title.Trim(),
            OpensAt = opensAt,
            ClosesAt = closesAt,
            DurationSeconds = (int)duration.TotalSeconds,
            MaxAttempts = maxAttempts,
            IsPremium = isPremium,
            CreatedAt = now,
            RankingStatus = ExamRankingStatus.Open,
            Mode = mode,
        };
    }

    /// <summary>A DRAFT exam: nothing is pinned and learners do not see it until it is scheduled.</summary>
    public static Exam CreateDraft(ExamDefinition definition, DateTimeOffset now)
    {
        var exam = Create(definition.Title, definition.OpensAt, definition.ClosesAt, definition.Duration, now, definition.MaxAttempts,
            definition.IsPremium, mode: definition.Mode);
        exam.RankingStatus = ExamRankingStatus.Draft;
        exam.Apply(definition);
        return exam;
    }

    /// <summary>Replaces a draft's definition; a scheduled exam's is fixed (unschedule it first, before it opens).</summary>
    public void Redefine(ExamDefinition definition)
    {
        EnsureDraft();
        CheckDefinition(definition.Title, definition.OpensAt, definition.ClosesAt, definition.Duration, definition.MaxAttempts);
        Title = definition.Title.Trim();
        OpensAt = definition.OpensAt;
        ClosesAt = definition.ClosesAt;
        DurationSeconds = (int)definition.Duration.TotalSeconds;
        MaxAttempts = definition.MaxAttempts;
        IsPremium = definition.IsPremium;
        Mode = definition.Mode;
        Apply(definition);
    }

    private void Apply(ExamDefinition definition)
    {
        if ((definition.Description?.Trim().Length ?? 0) > MaxDescriptionLength)
        {
            throw ExamErrors.InvalidDefinition($"A description has at most {MaxDescriptionLength} characters.");
        }

        foreach (var item in definition.Items)
        {
            if ((item.QuestionId is null) == (item.PoolId is null) || item.Version is < 1
                || (item.IsDraw ? item.Count is not (>= 1 and <= MaxQuestions) || item.Version is not null : item.Count is not null))
            {
                throw ExamErrors.InvalidDefinition(
                    $"An item is either a bank question (questionId, optional version) or a draw (poolId, count 1..{MaxQuestions}).");
            }
        }

        Description = string.IsNullOrWhiteSpace(definition.Description) ? null : definition.Description.Trim();
        Items = [.. definition.Items];
        ApplyTerms(definition.Prizes, definition.EntryFee, definition.RakeBasisPoints, definition.GuaranteedPool);
    }

    public void EnsureDraft()
    {
        if (RankingStatus != ExamRankingStatus.Draft)
        {
            throw ExamErrors.NotDraft(RankingStatus);
        }
    }

    /// <summary>
    /// What keeps this draft from being scheduled now, by field: a window that has begun, no questions, more than
    /// <see cref="MaxQuestions"/>, or a prize table that pays more coins than the guaranteed pool.
    /// </summary>
    public Dictionary<string, string[]> SchedulingProblems(int questionCount, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (OpensAt <= now)
        {
            errors["opensAt"] = [$"The window must open in the future (it opens {OpensAt:O})."];
        }

        if (questionCount is < 1 or > MaxQuestions)
        {
            errors["items"] = [$"An exam has 1..{MaxQuestions} questions; these items give {questionCount}."];
        }

        var coins = Prizes.Tiers.Where(t => !t.Prize.IsCoupon).Sum(t => t.Prize.Coins * (t.ToRank - t.FromRank + 1L));
        if (coins > GuaranteedPool)
        {
            errors["prizes"] = [$"The prize table pays {coins} coins but the guaranteed pool is {GuaranteedPool}: the pool must cover the table."];
        }

        return errors;
    }

    /// <summary>
    /// DRAFT → OPEN (SCHEDULED until its window): the questions are pinned, copied from the bank versions chosen
    /// now, so an edit of a bank question afterwards changes nothing this exam serves or scores.
    /// </summary>
    public void Schedule(IReadOnlyList<PinnedQuestion> questions, DateTimeOffset now)
    {
        EnsureDraft();
        var problems = SchedulingProblems(questions.Count, now);
        if (problems.Count > 0)
        {
            throw ExamErrors.NotSchedulable(problems);
        }

        _questions.Clear();
        foreach (var pinned in questions)
        {
            var question = Question.Create(Id, pinned.Stem, pinned.Points, _questions.Count, pinned.Choices, pinned.VersionId, pinned.Explanation);
            _questions.Add(question);
        }

        RankingStatus = ExamRankingStatus.Open;
        ScheduledAt = now;
    }

    /// <summary>OPEN → DRAFT before the window opens: the pinned questions are let go (nobody can have seen them).</summary>
    public void Unschedule(DateTimeOffset now)
    {
        if (RankingStatus != ExamRankingStatus.Open)
        {
            throw ExamErrors.NotScheduled(RankingStatus);
        }

        if (now >= OpensAt)
        {
            throw ExamErrors.AlreadyOpened(OpensAt);
        }

        _questions.Clear();
        RankingStatus = ExamRankingStatus.Draft;
        ScheduledAt = null;
    }

    /// <summary>Moves the close of a scheduled or open exam later; never earlier (learners planned on it).</summary>
    public void Extend(DateTimeOffset closesAt, DateTimeOffset now)
    {
        if (RankingStatus != ExamRankingStatus.Open || now >= ClosesAt)
        {
            throw ExamErrors.NotExtendable(RankingStatus, ClosesAt);
        }

        if (closesAt <= ClosesAt)
        {
            throw ExamErrors.CannotShorten(ClosesAt);
        }

        ClosesAt = closesAt;
    }

    private static void CheckDefinition(string title, DateTimeOffset opensAt, DateTimeOffset closesAt, TimeSpan duration, int maxAttempts)
    {
        if (string.IsNullOrWhiteSpace(title) || title.Trim().Length > MaxTitleLength)
        {
            throw ExamErrors.InvalidDefinition($"An exam needs a title of at most {MaxTitleLength} characters.");
        }

        if (closesAt <= opensAt)
        {
            throw ExamErrors.InvalidDefinition("An exam must close after it opens.");
        }

        if (duration <= TimeSpan.Zero || duration > MaxDuration || duration.TotalSeconds % 1 != 0)
        {
            throw ExamErrors.InvalidDefinition("An exam's duration is a whole number of seconds, up to a day.");
        }

        if (maxAttempts < 1)
        {
            throw ExamErrors.InvalidDefinition("An exam allows at least one attempt.");
        }
    }

    public Question AddQuestion(string text, int points, IReadOnlyList<(string Text, bool IsCorrect)> choices)
    {
        var question = Question.Create(Id, text, points, _questions.Count, choices, sourceVersionId: null, explanation: null);
        _questions.Add(question);
        return question;
    }

    /// <summary>Sets the prize table and the economics terms; only before the exam is closed.</summary>
    public void SetTerms(PrizeTable prizes, long entryFee, int rakeBasisPoints, long guaranteedPool)
    {
        if (RankingStatus != ExamRankingStatus.Open)
        {
            throw ExamErrors.InvalidDefinition("Prizes and fees are fixed once the exam has closed.");
        }

        ApplyTerms(prizes, entryFee, rakeBasisPoints, guaranteedPool);
    }

    private void ApplyTerms(PrizeTable prizes, long entryFee, int rakeBasisPoints, long guaranteedPool)
    {
        if (Mode == ExamMode.Practice && (prizes.Tiers.Count > 0 || entryFee > 0 || guaranteedPool > 0))
        {
            throw ExamErrors.InvalidDefinition("A practice exam is never ranked: it has no prizes, fees or prize pool.");
        }

        // Validates the terms the way the ranking will use them.
        ExamEconomics.Compute(0, entryFee, rakeBasisPoints, guaranteedPool, 0);
        Prizes = prizes;
        EntryFee = entryFee;
        RakeBasisPoints = rakeBasisPoints;
        GuaranteedPool = guaranteedPool;
    }

    /// <summary>
    /// What the leaderboard may show now. A contest's scores stay hidden until its window closes: two throw-away
    /// accounts answering one question differently would otherwise learn the right choice from the board.
    /// </summary>
    public BoardVisibility BoardVisibilityAt(DateTimeOffset now) => VisibilityOf(Mode, RankingStatus, ClosesAt, now);

    /// <summary>As <see cref="BoardVisibilityAt"/>, from the three columns it depends on (for queries that project them).</summary>
    public static BoardVisibility VisibilityOf(ExamMode mode, ExamRankingStatus status, DateTimeOffset closesAt, DateTimeOffset now) =>
        mode == ExamMode.Practice || status == ExamRankingStatus.Cancelled ? BoardVisibility.None
        : status == ExamRankingStatus.Published ? BoardVisibility.Final
        : status == ExamRankingStatus.Open && now < closesAt ? BoardVisibility.CountOnly
        : BoardVisibility.Provisional;

    public bool IsOpenAt(DateTimeOffset now) => RankingStatus == ExamRankingStatus.Open && OpensAt <= now && now < ClosesAt;

    /// <summary>Closes the exam for ranking once its window has ended.</summary>
    public void Close(DateTimeOffset now)
    {
        if (Mode == ExamMode.Practice)
        {
            throw ExamErrors.PracticeNotRanked();
        }

        if (RankingStatus == ExamRankingStatus.Cancelled)
        {
            throw ExamErrors.Cancelled();
        }

        if (RankingStatus != ExamRankingStatus.Open)
        {
            throw ExamErrors.InvalidTransition(RankingStatus, ExamRankingStatus.Closed);
        }

        if (now < ClosesAt)
        {
            throw ExamErrors.StillOpen(ClosesAt);
        }

        RankingStatus = ExamRankingStatus.Closed;
    }

    /// <summary>
    /// OPEN (scheduled, running or past its window) or CLOSED → CANCELLED: before any ranking, so no prize was credited
    /// and every coin learners spent on it is an entry fee the caller refunds in the same transaction. A RANKING, RANKED
    /// or PUBLISHED exam has prizes (being) credited and is refused; a DRAFT is deleted instead.
    /// </summary>
    public void Cancel()
    {
        if (RankingStatus == ExamRankingStatus.Cancelled)
        {
            throw ExamErrors.Cancelled();
        }

        if (RankingStatus is not (ExamRankingStatus.Open or ExamRankingStatus.Closed))
        {
            throw ExamErrors.NotCancellable(RankingStatus);
        }

        RankingStatus = ExamRankingStatus.Cancelled;
    }

    /// <summary>Claims the exam for one ranking run; the status change is the fence against a second run.</summary>
    public void BeginRanking() => Move(ExamRankingStatus.Closed, ExamRankingStatus.Ranking);

    /// <summary>RANKING → CLOSED; a failed rerun goes back to RANKED instead (its transaction kept the previous ranking).</summary>
    public void FailRanking() => Move(ExamRankingStatus.Ranking, RerankNeeded ? ExamRankingStatus.Ranked : ExamRankingStatus.Closed);

    /// <summary>Records the ranking's outcome: RANKING → RANKED with the economics of the participants counted.</summary>
    public void CompleteRanking(int participants, long paidOut)
    {
        Move(ExamRankingStatus.Ranking, ExamRankingStatus.Ranked);
        Economics = ExamEconomics.Compute(participants, EntryFee, RakeBasisPoints, GuaranteedPool, paidOut);
        RerankNeeded = false;
    }

    public void Publish()
    {
        if (RankingStatus == ExamRankingStatus.Ranked && RerankNeeded)
        {
            throw RankingRuleErrors.RerunNeeded();
        }

        Move(ExamRankingStatus.Ranked, ExamRankingStatus.Published);
    }

    /// <summary>
    /// Set when an attempt of the RANKED exam is invalidated: its standings and prizes still count that attempt, so the
    /// exam is not published until a rerun has ranked it again. It stays set while the rerun runs (a failed rerun goes
    /// back to RANKED, still unpublishable) and is cleared when a ranking completes.
    /// </summary>
    public bool RerankNeeded { get; private set; }

    /// <summary>RANKED → RANKING for a rerun, which replaces the unpublished ranking with one that leaves invalidated attempts out.</summary>
    public void BeginReranking()
    {
        Move(ExamRankingStatus.Ranked, ExamRankingStatus.Ranking);
        RerankNeeded = true;
    }

    /// <summary>
    /// Takes one of this exam's attempts out of the ranking. Before the exam is ranked (OPEN, CLOSED) the ranking simply
    /// will not count it; once RANKED the exam needs a rerun before it can be published (<see cref="RerankNeeded"/>);
    /// while a run is RANKING it is refused (retry after the run); once PUBLISHED the results are final and it is refused.
    /// Returns whether the exam had already been ranked with the attempt counted.
    /// </summary>
    public bool InvalidateAttempt(Attempt attempt, Guid adminId, string? reason)
    {
        if (attempt.ExamId != Id)
        {
            throw AttemptErrors.NotFound();
        }

        switch (RankingStatus)
        {
            case ExamRankingStatus.Published:
                throw AttemptErrors.ExamPublished();
            case ExamRankingStatus.Ranking:
                throw RankingRuleErrors.BeingRanked();
        }

        attempt.Invalidate(adminId, reason);
        var ranked = RankingStatus == ExamRankingStatus.Ranked;
        RerankNeeded |= ranked;
        return ranked;
    }

    private void Move(ExamRankingStatus from, ExamRankingStatus to)
    {
        if (RankingStatus == ExamRankingStatus.Cancelled)
        {
            throw ExamErrors.Cancelled();
        }

        if (RankingStatus != from)
        {
            throw ExamErrors.InvalidTransition(RankingStatus, to);
        }

        RankingStatus = to;
    }

    /// <summary>
    /// Starts an attempt for a learner, or resumes the one still in progress.
    /// <paramref name="learnersAttempts"/> are all of this learner's attempts on this exam;
    /// one that ran out of time is expired here first (its answers count), so it neither resumes nor blocks.
    /// </summary>
    public AttemptStart StartAttemptFor(
        Guid learnerId,
        IReadOnlyCollection<Attempt> learnersAttempts,
        bool hasEntitlement,
        string attemptTokenHash,
        DateTimeOffset now,
        Random random)
    {
        // Before the resume: an attempt left open when the exam was cancelled is not continued either.
        if (RankingStatus == ExamRankingStatus.Cancelled)
        {
            throw ExamErrors.Cancelled();
        }

        foreach (var previous in learnersAttempts)
        {
            previous.ExpireIfDue(now);
        }

        var open = learnersAttempts.SingleOrDefault(a => a.Status == AttemptStatus.InProgress);
        if (open is not null)
        {
            open.RotateToken(attemptTokenHash);
            return new AttemptStart(open, Resumed: true, EntryFeeDue: 0);
        }

        if (!IsOpenAt(now))
        {
            throw ExamErrors.NotOpen(OpensAt, ClosesAt);
        }

        if (learnersAttempts.Count >= MaxAttempts)
        {
            throw AttemptErrors.NoAttemptsLeft(MaxAttempts);
        }

        if (IsPremium && !hasEntitlement)
        {
            throw AttemptErrors.SubscriptionRequired();
        }

        if (_questions.Count == 0)
        {
            throw ExamErrors.InvalidDefinition("The exam has no questions yet.");
        }

        var order = _questions.Select(q => q.Id).ToArray();
        random.Shuffle(order);
        var expiresAt = Min(now + Duration, ClosesAt);
        var attempt = Attempt.Begin(Id, learnerId, learnersAttempts.Count + 1, order, attemptTokenHash, now, expiresAt);
        // The fee buys the entry: the first attempt pays it, a further one (maxAttempts > 1) and a resume do not.
        return new AttemptStart(attempt, Resumed: false, EntryFeeDue: learnersAttempts.Count == 0 ? EntryFee : 0);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;
}

/// <summary><c>EntryFeeDue</c>: the coins the caller debits from the learner's wallet with this attempt's creation (0: nothing).</summary>
public sealed record AttemptStart(Attempt Attempt, bool Resumed, long EntryFeeDue);
