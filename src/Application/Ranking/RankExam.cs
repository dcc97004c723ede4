using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Attempts;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Ranking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Rewards;
using LearningPlatform.Domain.Audit;
using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Rewards;

namespace LearningPlatform.Application.Ranking;

/// <summary>An exam claimed for one ranking run: the run's id and the renewed ranking lock, released when disposed.</summary>
public sealed class RankingClaim(Guid examId, Guid runId, IRenewedLease lease) : IAsyncDisposable
{
    public Guid ExamId { get; } = examId;
    public Guid RunId { get; } = runId;
    public IRenewedLease Lease { get; } = lease;

    public ValueTask DisposeAsync() => Lease.DisposeAsync();
}

/// <summary>
/// Ranks one exam; the nightly scheduler and the admin's trigger both use it. Two fences keep a ranking from ever
/// being written twice: the Redis ranking lock (renewed while the run lasts; a run whose lock is lost rolls back), and
/// the exam's status moved CLOSED → RANKING → RANKED under its row version. Ranks, economics, prizes, rewards and coin
/// credits are one transaction; a failed run leaves nothing but its FAILED record and the exam CLOSED again.
/// </summary>
public sealed class RankExam(
    LearningMetrics metrics,
    ILearningDb db,
    IDistributedLocks locks,
    IExamRanker ranker,
    TimeProvider clock,
    IOptions<RankingOptions> options,
    ILogger<RankExam> logger)
{
    public static string LockKey(Guid examId) => $"lock:ranking:{examId}";

    public const string RerunCancelReason = "The exam was ranked again and this place no longer wins this prize.";

    /// <summary>
    /// Takes the ranking lock, moves the exam to RANKING and records a RUNNING run. An exam whose window has ended
    /// but that the scheduler has not closed yet is closed first; an exam left RANKING by an instance that died (its
    /// lock expired) has that run failed and is claimed afresh. A <see cref="RankingTrigger.Rerun"/> claims a RANKED
    /// exam instead (RANKED → RANKING), to replace its unpublished ranking.
    /// </summary>
    public async Task<RankingClaim> ClaimAsync(Guid examId, RankingTrigger trigger, Guid? adminId, CancellationToken cancellationToken)
    {
        var status = await db.Exams.Where(e => e.Id == examId).Select(e => (ExamRankingStatus?)e.RankingStatus)
            .SingleOrDefaultAsync(cancellationToken) ?? throw ExamErrors.NotFound();
        if (status == ExamRankingStatus.Cancelled)
        {
            throw ExamErrors.Cancelled();
        }

        if (trigger == RankingTrigger.Rerun)
        {
            EnsureRerunnable(status);
        }
        else if (status is ExamRankingStatus.Ranked or ExamRankingStatus.Published)
        {
            throw RankingErrors.AlreadyRanked(status);
        }

        var lease = await locks.TryAcquireRenewedAsync(LockKey(examId), options.Value.LockLease, cancellationToken)
            ?? throw RankingErrors.AlreadyRunning(await RunningRunIdAsync(examId, cancellationToken));
        try
        {
            var run = await ClaimLockedAsync(examId, trigger, adminId, cancellationToken);
            return new RankingClaim(examId, run.Id, lease);
        }
        catch
        {
            await lease.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a claimed ranking to its end and releases the claim. Returns the run, SUCCEEDED or FAILED.</summary>
    public async Task<RankingRun> ExecuteAsync(RankingClaim claim, CancellationToken cancellationToken)
    {
        await using var _ = claim;
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, claim.Lease.Lost);
        try
        {
            return await WriteAsync(claim, abort.Token);
        }
        catch (Exception ex)
        {
            var reason = claim.Lease.Lost.IsCancellationRequested ? "The ranking lock was lost; the run was rolled back."
                : cancellationToken.IsCancellationRequested ? "The instance stopped; the run was rolled back."
                : ex.Message;
            logger.LogError(ex, "Ranking run {RunId} of exam {ExamId} failed and was rolled back: {Reason}", claim.RunId, claim.ExamId, reason);
            return await FailAsync(claim, reason);
        }
    }

    private async Task<RankingRun> ClaimLockedAsync(Guid examId, RankingTrigger trigger, Guid? adminId, CancellationToken cancellationToken)
    {
        db.Reset();
        var exam = await db.Exams.SingleAsync(e => e.Id == examId, cancellationToken);
        var now = clock.GetUtcNow();
        if (exam.RankingStatus == ExamRankingStatus.Ranking)
        {
            // We hold the lock, so whoever moved the exam to RANKING is gone.
            foreach (var abandoned in await db.RankingRuns.Where(r => r.ExamId == examId && r.Status == RankingRunStatus.Running)
                         .ToListAsync(cancellationToken))
            {
                abandoned.Fail("Abandoned: the instance running it stopped before it finished.", now);
                logger.LogWarning("Ranking run {RunId} of exam {ExamId} was abandoned; failing it and ranking again", abandoned.Id, examId);
            }

            exam.FailRanking();
            // Saved on its own: the exam's row version must be checked here, and RANKING → CLOSED → RANKING in one
            // save would leave the row unchanged and unchecked.
            await SaveClaimAsync(examId, cancellationToken);
        }

        if (trigger == RankingTrigger.Rerun)
        {
            EnsureRerunnable(exam.RankingStatus);
            exam.BeginReranking();
        }
        else
        {
            if (exam.RankingStatus == ExamRankingStatus.Open)
            {
                exam.Close(now);
            }

            // Attempts still running at the close have run out of time (their limit is at most the close): expire them
            // now, so their answers count even if the expiry sweep has not come by yet.
            foreach (var straggler in await db.Attempts.Where(a => a.ExamId == examId && a.Status == AttemptStatus.InProgress)
                         .ToListAsync(cancellationToken))
            {
                straggler.ExpireIfDue(now);
            }

            if (exam.RankingStatus is ExamRankingStatus.Ranked or ExamRankingStatus.Published)
            {
                throw RankingErrors.AlreadyRanked(exam.RankingStatus);
            }

            exam.BeginRanking();
        }

        var run = RankingRun.Start(examId, trigger, adminId, now);
        db.RankingRuns.Add(run);
        if (adminId is { } admin)
        {
            db.Record(admin, trigger == RankingTrigger.Rerun ? "rerun_started" : "run_started", AuditEntity.Ranking, examId, now,
                new { runId = run.Id });
        }

        await SaveClaimAsync(examId, cancellationToken);
        logger.LogInformation("Ranking run {RunId} of exam {ExamId} started ({Trigger}, by {AdminId})", run.Id, examId, trigger, adminId);
        return run;
    }

    private async Task SaveClaimAsync(Guid examId, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another instance moved the exam (or started a run), or a learner's request touched a straggler,
            // between our read and our write.
            db.Reset();
            throw await RunningRunIdAsync(examId, cancellationToken) is { } running
                ? RankingErrors.AlreadyRunning(running)
                : AppErrors.ConcurrentUpdate();
        }
    }

    private async Task<RankingRun> WriteAsync(RankingClaim claim, CancellationToken cancellationToken)
    {
        db.Reset();
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        var exam = await db.Exams.SingleAsync(e => e.Id == claim.ExamId, cancellationToken);
        var run = await db.RankingRuns.SingleAsync(r => r.Id == claim.RunId, cancellationToken);

        var rerun = run.Trigger == RankingTrigger.Rerun;
        var reversed = rerun ? await ranker.ClearAsync(exam, cancellationToken) : [];
        var written = await ranker.WriteAsync(exam, clock.GetUtcNow(), cancellationToken);
        if (rerun)
        {
            await ranker.TakeBackAsync(reversed, clock.GetUtcNow(), cancellationToken);
            await SettleRerunAsync(exam, run, reversed, written, cancellationToken);
        }

        exam.CompleteRanking(written.Participants, written.PaidOut);
        run.Succeed(written.Participants, clock.GetUtcNow());

        // The exam's row version is the fence: if anyone moved it since we read it, nothing of this run is kept.
        await db.SaveChangesAsync(cancellationToken);
        claim.Lease.Lost.ThrowIfCancellationRequested();
        await db.CommitAsync(cancellationToken);

        metrics.RankingSucceeded(run.DurationMs ?? 0, written.Participants);
        logger.LogInformation(
            "Ranking run {RunId} ranked exam {ExamId}: {Participants} participants, {Winners} winners, {PaidOut} coins paid out, {DurationMs} ms",
            run.Id, exam.Id, written.Participants, written.Winners, written.PaidOut, run.DurationMs);
        return run;
    }

    /// <summary>
    /// What a rerun does beyond a ranking, in its transaction: the previous ranking's ASSIGNED rewards follow the new
    /// standings (<see cref="IExamRanker.SettleRewardsAsync"/>); a reward already claimed or approved whose learner no
    /// longer wins that coupon is cancelled (coupon back in stock, learner notified); and the audit log records what was
    /// taken back. A FULFILLED reward cannot be cancelled: it is logged for an operator.
    /// </summary>
    private async Task SettleRerunAsync(
        Exam exam, RankingRun run, IReadOnlyList<PrizeCredit> reversed, RankingWritten written, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var admin = run.RequestedBy ?? throw new InvalidOperationException("A rerun names its admin.");
        var settled = await ranker.SettleRewardsAsync(exam, now, cancellationToken);
        var kept = await db.Rewards
            .Where(r => r.ExamId == exam.Id && (r.Status == RewardStatus.Requested || r.Status == RewardStatus.Approved || r.Status == RewardStatus.Fulfilled))
            .ToListAsync(cancellationToken);
        var learners = kept.Select(r => r.LearnerId).ToList();
        var won = (await db.Standings.AsNoTracking()
                .Where(s => s.ExamId == exam.Id && learners.Contains(s.LearnerId) && s.CouponCampaignId != null)
                .Select(s => new { s.LearnerId, s.CouponCampaignId })
                .ToListAsync(cancellationToken))
            .Select(s => (s.LearnerId, s.CouponCampaignId!.Value)).ToHashSet();
        var cancelled = new List<Guid>();
        foreach (var reward in kept.Where(r => !won.Contains((r.LearnerId, r.CouponCampaignId))))
        {
            if (reward.Status == RewardStatus.Fulfilled)
            {
                logger.LogWarning("Rerun {RunId} of exam {ExamId}: reward {RewardId} is FULFILLED but no longer won; compensate by hand",
                    run.Id, exam.Id, reward.Id);
                continue;
            }

            if (reward.Cancel(RewardActor.Admin, admin, RerunCancelReason, now) is { } couponId)
            {
                (await db.Coupons.SingleAsync(c => c.Id == couponId, cancellationToken)).Release();
            }

            RewardNotices.Queue(db, reward, now);
            db.Record(admin, "cancelled", AuditEntity.Reward, reward.Id, now, new { status = reward.Status.ToUpperSnake(), runId = run.Id });
            cancelled.Add(reward.Id);
        }

        db.Record(admin, "reranked", AuditEntity.Ranking, exam.Id, now, new
        {
            runId = run.Id,
            written.Participants,
            written.Winners,
            written.PaidOut,
            creditsReversed = reversed,
            rewardsRemoved = settled.Removed,
            rewardsAssigned = settled.Assigned,
            rewardsCancelled = cancelled,
        });
    }

    private async Task<RankingRun> FailAsync(RankingClaim claim, string reason)
    {
        // The run's own transaction is gone (and maybe its connection); record the failure with a fresh start.
        db.Reset();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var exam = await db.Exams.SingleAsync(e => e.Id == claim.ExamId, timeout.Token);
        var run = await db.RankingRuns.SingleAsync(r => r.Id == claim.RunId, timeout.Token);
        if (run.Status == RankingRunStatus.Running)
        {
            run.Fail(reason, clock.GetUtcNow());
            if (exam.RankingStatus == ExamRankingStatus.Ranking)
            {
                exam.FailRanking();
            }

            await db.SaveChangesAsync(timeout.Token);
        }

        return run;
    }

    /// <summary>Only a RANKED exam is ranked again: one not ranked yet is ranked with /run, a published one is final.</summary>
    private static void EnsureRerunnable(ExamRankingStatus status)
    {
        switch (status)
        {
            case ExamRankingStatus.Open or ExamRankingStatus.Closed:
                throw RankingErrors.NotRankedForRerun(status);
            case ExamRankingStatus.Published:
                throw RankingErrors.Final();
        }
    }

    private Task<Guid?> RunningRunIdAsync(Guid examId, CancellationToken cancellationToken) =>
        db.RankingRuns.Where(r => r.ExamId == examId && r.Status == RankingRunStatus.Running)
            .Select(r => (Guid?)r.Id).FirstOrDefaultAsync(cancellationToken);
}
