using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Attempts;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Ranking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using LearningPlatform.Application.Audit;
using LearningPlatform.Domain.Audit;

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
    ILearningDb db,
    IDistributedLocks locks,
    IExamRanker ranker,
    TimeProvider clock,
    IOptions<RankingOptions> options,
    ILogger<RankExam> logger)
{
    public static string LockKey(Guid examId) => $"lock:ranking:{examId}";

    /// <summary>
    /// Takes the ranking lock, moves the exam to RANKING and records a RUNNING run. An exam whose window has ended
    /// but that the scheduler has not closed yet is closed first; an exam left RANKING by an instance that died (its
    /// lock expired) has that run failed and is claimed afresh.
    /// </summary>
    public async Task<RankingClaim> ClaimAsync(Guid examId, RankingTrigger trigger, Guid? adminId, CancellationToken cancellationToken)
    {
        var status = await db.Exams.Where(e => e.Id == examId).Select(e => (ExamRankingStatus?)e.RankingStatus)
            .SingleOrDefaultAsync(cancellationToken) ?? throw ExamErrors.NotFound();
        if (status is ExamRankingStatus.Ranked or ExamRankingStatus.Published)
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
        var run = RankingRun.Start(examId, trigger, adminId, now);
        db.RankingRuns.Add(run);
        if (adminId is { } admin)
        {
            db.Record(admin, "run_started", AuditEntity.Ranking, examId, now, new { runId = run.Id });
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

        var written = await ranker.WriteAsync(exam, clock.GetUtcNow(), cancellationToken);
        exam.CompleteRanking(written.Participants, written.PaidOut);
        run.Succeed(written.Participants, clock.GetUtcNow());

        // The exam's row version is the fence: if anyone moved it since we read it, nothing of this run is kept.
        await db.SaveChangesAsync(cancellationToken);
        claim.Lease.Lost.ThrowIfCancellationRequested();
        await db.CommitAsync(cancellationToken);

        logger.LogInformation(
            "Ranking run {RunId} ranked exam {ExamId}: {Participants} participants, {Winners} winners, {PaidOut} coins paid out, {DurationMs} ms",
            run.Id, exam.Id, written.Participants, written.Winners, written.PaidOut, run.DurationMs);
        return run;
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

    private Task<Guid?> RunningRunIdAsync(Guid examId, CancellationToken cancellationToken) =>
        db.RankingRuns.Where(r => r.ExamId == examId && r.Status == RankingRunStatus.Running)
            .Select(r => (Guid?)r.Id).FirstOrDefaultAsync(cancellationToken);
}
