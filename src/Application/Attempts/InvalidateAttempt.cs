using FluentValidation;
using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.Leaderboards;
using LearningPlatform.Application.Ranking;
using LearningPlatform.Application.Rewards;
using LearningPlatform.Domain.Attempts;
using LearningPlatform.Domain.Audit;
using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Ranking;
using LearningPlatform.Domain.Rewards;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Application.Attempts;

public sealed record InvalidateAttemptRequest(string? Reason);

/// <summary>A reason, when given, fits the attempt's record; that one is required is the attempt's own rule (<c>attempt.reason_required</c>).</summary>
internal sealed class InvalidateAttemptRequestValidator : AbstractValidator<InvalidateAttemptRequest>
{
    public InvalidateAttemptRequestValidator() => RuleFor(r => r.Reason).MaximumLength(Attempt.MaxInvalidationReasonLength);
}

/// <summary>
/// The invalidated attempt, where its exam stands now (<c>rerankNeeded</c>: ranked with this attempt counted, so publishing
/// waits for a rerun), and the learner's reward of the exam if the invalidation touched it (CANCELLED; FULFILLED if it was
/// too late to cancel).
/// </summary>
public sealed record InvalidatedAttemptDto(
    Guid AttemptId, Guid ExamId, Guid LearnerId, AttemptStatus Status, string Reason, ExamRankingStatus ExamStatus, bool RerankNeeded,
    Guid? RewardId, RewardStatus? RewardStatus);

/// <summary>
/// An admin takes an attempt out of the ranking. What else happens depends on the exam (<c>Exam.InvalidateAttempt</c>):
/// not ranked yet, the ranking will not count it; RANKED, the exam needs a rerun before it is published and the learner's
/// reward won with this attempt is cancelled (coupon back in stock, learner notified); while a run is RANKING, 409 (retry
/// after it); PUBLISHED, 409 <c>attempt.exam_published</c> (results are final). One transaction with the audit entry.
/// After the commit the exam's live leaderboard is dropped, so the next read rebuilds it from PostgreSQL without the attempt.
/// </summary>
public sealed class InvalidateAttempt(
    ILearningDb db, ILeaderboardCache leaderboard, StaleLeaderboards stale, TimeProvider clock, ILogger<InvalidateAttempt> logger)
{
    public async Task<InvalidatedAttemptDto> HandleAsync(Guid attemptId, Guid adminId, string? reason, CancellationToken cancellationToken)
    {
        var invalidated = await ConcurrencyRetry.RunAsync(db, ct => InvalidateAsync(attemptId, adminId, reason, ct), cancellationToken);
        logger.LogInformation("Attempt {AttemptId} of exam {ExamId} invalidated by admin {AdminId}: exam {ExamStatus}, rerun needed {RerankNeeded}, reward {RewardId} {RewardStatus}",
            attemptId, invalidated.ExamId, adminId, invalidated.ExamStatus, invalidated.RerankNeeded, invalidated.RewardId, invalidated.RewardStatus);

        // Committed: the live board (Redis) may still show the attempt's score. Best effort, like every write after a commit.
        try
        {
            await leaderboard.ForgetAsync(invalidated.ExamId, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning("Leaderboard of exam {ExamId} not dropped after an invalidation ({Error}); it is dropped at this instance's next read",
                invalidated.ExamId, ex.Message);
            await stale.InvalidateAsync(invalidated.ExamId, leaderboard);
        }

        return invalidated;
    }

    private async Task<InvalidatedAttemptDto> InvalidateAsync(Guid attemptId, Guid adminId, string? reason, CancellationToken cancellationToken)
    {
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        var attempt = await db.Attempts.SingleOrDefaultAsync(a => a.Id == attemptId, cancellationToken) ?? throw AttemptErrors.NotFound();
        var exam = await db.Exams.SingleAsync(e => e.Id == attempt.ExamId, cancellationToken);
        if (exam.RankingStatus == ExamRankingStatus.Ranking)
        {
            throw RankingErrors.AlreadyRunning(await db.RankingRuns
                .Where(r => r.ExamId == exam.Id && r.Status == RankingRunStatus.Running).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(cancellationToken));
        }

        var now = clock.GetUtcNow();
        var ranked = exam.InvalidateAttempt(attempt, adminId, reason);
        // The exam row is written whatever the flag holds, so its row version orders this against a ranking claim
        // (CLOSED → RANKING) and a publish: a ranking that read the exam before this commit cannot start, and one that
        // started first makes this save fail and the retry meet RANKING (409).
        db.Exams.Entry(exam).Property(e => e.RerankNeeded).IsModified = true;

        Reward? reward = null;
        if (ranked && await CountedInStandingsAsync(attempt, cancellationToken))
        {
            reward = await db.Rewards.SingleOrDefaultAsync(r => r.ExamId == exam.Id && r.LearnerId == attempt.LearnerId, cancellationToken);
            if (reward is not null && Reward.CanMove(reward.Status, RewardStatus.Cancelled))
            {
                var released = reward.Cancel(RewardActor.Admin, adminId, attempt.InvalidatedReason!, now);
                if (released is { } couponId)
                {
                    (await db.Coupons.SingleAsync(c => c.Id == couponId, cancellationToken)).Release();
                }

                RewardNotices.Queue(db, reward, now);
                db.Record(adminId, "cancelled", AuditEntity.Reward, reward.Id, now,
                    new { status = reward.Status.ToUpperSnake(), couponReleased = released, attemptId = attempt.Id });
            }
            else if (reward is { Status: RewardStatus.Fulfilled })
            {
                logger.LogWarning("Attempt {AttemptId} invalidated, but reward {RewardId} is already FULFILLED; compensate by hand",
                    attempt.Id, reward.Id);
            }
        }

        db.Record(adminId, "invalidated", AuditEntity.Attempt, attempt.Id, now, new
        {
            examId = exam.Id,
            learnerId = attempt.LearnerId,
            reason = attempt.InvalidatedReason,
            examStatus = exam.RankingStatus.ToUpperSnake(),
            rerankNeeded = exam.RerankNeeded,
            rewardId = reward?.Id,
            rewardStatus = reward?.Status.ToUpperSnake(),
        });
        await db.SaveChangesAsync(cancellationToken);
        await db.CommitAsync(cancellationToken);

        return new InvalidatedAttemptDto(attempt.Id, exam.Id, attempt.LearnerId, attempt.Status, attempt.InvalidatedReason!, exam.RankingStatus,
            exam.RerankNeeded, reward?.Id, reward?.Status);
    }

    /// <summary>Whether the ranking placed the learner by this attempt (with several attempts, another may be their best).</summary>
    private async Task<bool> CountedInStandingsAsync(Attempt attempt, CancellationToken cancellationToken) =>
        await db.Standings.AnyAsync(s => s.ExamId == attempt.ExamId && s.LearnerId == attempt.LearnerId
            && db.Results.Any(r => r.Id == s.ResultId && r.AttemptId == attempt.Id), cancellationToken);
}
