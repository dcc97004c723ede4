using LearningPlatform.Application.Billing;
using LearningPlatform.Application.Exams;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.Wallets;
using LearningPlatform.Domain.Attempts;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Learners;
using LearningPlatform.Domain.Rewards;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Application.Attempts;

public sealed record StartAttemptResult(
    Guid AttemptId, string AttemptToken, DateTimeOffset ExpiresAt, bool Resumed, Guid ExamId, Guid[] QuestionOrder);

/// <summary>
/// Starts an attempt, or resumes the learner's open one. The start lock keeps two concurrent starts of the same
/// learner and exam from racing; the database's unique indexes make a double start impossible even without it.
/// The same save keeps the learner's display name up to date from the token's <c>name</c> claim (a write only when the
/// learner is new or the token's name differs from the stored one, and never over a name chosen in the profile).
/// A paid exam's first attempt is created in one transaction with its entry fee's debit (<c>wallet.insufficient_funds</c>
/// and nothing created when the wallet cannot pay); a resume, a further attempt and an Idempotency-Key replay charge nothing.
/// </summary>
public sealed class StartAttempt(
    ILearningDb db,
    IDistributedLocks locks,
    IEntitlements entitlements,
    TimeProvider clock,
    Random random,
    IOptions<AttemptOptions> options,
    LearningMetrics metrics,
    LearnerWallets wallets,
    IEntryFees entryFees,
    ILogger<StartAttempt> logger)
{
    public async Task<StartAttemptResult> HandleAsync(Guid learnerId, string? tokenName, Guid examId, CancellationToken cancellationToken)
    {
        await using var startLock = await locks.TryAcquireAsync(
            $"idem:start:{learnerId}:{examId}", options.Value.StartLockLease, cancellationToken)
            ?? throw AppErrors.StartInProgress();

        // Without the lock (Redis lost it), a racing start loses on the unique indexes and retries from a
        // fresh read, where it finds and resumes the winner's attempt.
        var start = await ConcurrencyRetry.RunAsync(db, async _ =>
        {
            var exam = await db.Exams.VisibleToLearners().Include(e => e.Questions)
                .SingleOrDefaultAsync(e => e.Id == examId, cancellationToken) ?? throw ExamErrors.NotFound();

            var attempts = await db.Attempts
                .Where(a => a.ExamId == examId && a.LearnerId == learnerId)
                .ToListAsync(cancellationToken);

            var entitled = exam.IsPremium && await entitlements.IsEntitledAsync(learnerId, cancellationToken);

            var (token, hash) = AttemptTokens.New();
            var started = exam.StartAttemptFor(learnerId, attempts, entitled, hash, clock.GetUtcNow(), random);
            if (!started.Resumed)
            {
                db.Attempts.Add(started.Attempt);
            }

            await NoteTokenNameAsync(learnerId, tokenName, cancellationToken);
            if (started.EntryFeeDue > 0)
            {
                await SaveWithEntryFeeAsync(learnerId, examId, started.EntryFeeDue, cancellationToken);
            }
            else
            {
                await db.SaveChangesAsync(cancellationToken);
            }

            return (started.Attempt, started.Resumed, Token: token);
        }, cancellationToken);

        var attempt = start.Attempt;
        metrics.AttemptStarted(start.Resumed);
        logger.LogInformation(
            "Attempt {AttemptId} {Action} for learner {LearnerId} on exam {ExamId}, expires {ExpiresAt:O}",
            attempt.Id, start.Resumed ? "resumed" : "started", learnerId, examId, attempt.ExpiresAt);

        return new StartAttemptResult(attempt.Id, start.Token, attempt.ExpiresAt, start.Resumed, examId, attempt.QuestionOrder);
    }

    /// <summary>
    /// The attempt, the fee's ledger entry and the wallet's new balance in one transaction, under a hold on the exam that
    /// a cancellation waits for (so its refund sees this fee). A concurrent debit of the same wallet loses on its row
    /// version and the retry reads the balance again; the unique (exam, learner, reason) key refuses a second fee.
    /// </summary>
    private async Task SaveWithEntryFeeAsync(Guid learnerId, Guid examId, long fee, CancellationToken cancellationToken)
    {
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await entryFees.EnsureOpenForEntryAsync(examId, cancellationToken);
        var wallet = await wallets.OpenAsync(learnerId, cancellationToken);
        db.CoinLedger.Add(wallet.Debit(fee, CoinEntryReason.EntryFee, examId, clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        await db.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// One primary-key read; the row is added or changed only when the name is new. A concurrent start of another exam
    /// that adds the same learner, or a profile change in between, loses the save to the key or the row version, and
    /// the retry reads it again.
    /// </summary>
    private async Task NoteTokenNameAsync(Guid learnerId, string? tokenName, CancellationToken cancellationToken)
    {
        if (DisplayNameRule.Accept(tokenName) is null)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var learner = await db.Learners.SingleOrDefaultAsync(l => l.Id == learnerId, cancellationToken);
        if (learner is null)
        {
            db.Learners.Add(Learner.FromToken(learnerId, tokenName, now)!);
        }
        else
        {
            learner.SeenWithToken(tokenName, now);
        }
    }
}
