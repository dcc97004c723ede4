using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.Wallets;
using LearningPlatform.Domain.Audit;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Ranking;
using LearningPlatform.Domain.Rewards;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Application.ExamAuthoring;

/// <summary>
/// A cancellation's outcome: <c>refunds</c> entry fees given back (<c>coinsRefunded</c> in all) — counted from the
/// ledger, so a repeated cancel answers the same.
/// </summary>
public sealed record ExamCancellationDto(Guid ExamId, AdminExamStatus Status, int Refunds, long CoinsRefunded);

/// <summary>
/// SCHEDULED, OPEN or CLOSED → CANCELLED, and every entry fee refunded, in one transaction with its audit entry. The exam's
/// row version makes two concurrent cancels one move (the loser retries, finds it CANCELLED and answers the same); the
/// ledger's unique key makes a second refund of a fee impossible; a start charging a fee holds the exam's row, so the
/// cancellation's refund runs after that fee has committed (or the start finds the exam cancelled).
/// </summary>
public sealed class CancelExam(ILearningDb db, IEntryFees entryFees, TimeProvider clock, ILogger<CancelExam> logger)
{
    public async Task<ExamCancellationDto> HandleAsync(Guid examId, Guid adminId, CancellationToken cancellationToken)
    {
        var refunded = await ConcurrencyRetry.RunAsync(db, async ct =>
        {
            await using var transaction = await db.BeginTransactionAsync(ct);
            var exam = await db.Exams.SingleOrDefaultAsync(e => e.Id == examId, ct) ?? throw ExamErrors.NotFound();
            if (exam.RankingStatus == ExamRankingStatus.Cancelled)
            {
                return (int?)null;
            }

            var now = clock.GetUtcNow();
            exam.Cancel();
            // Saved first: the exam's row version is checked here (and waits for starts holding the row), so the refund
            // below sees every fee charged before the cancellation.
            await db.SaveChangesAsync(ct);
            var refunds = await entryFees.RefundAsync(examId, now, ct);
            db.Record(adminId, "cancelled", AuditEntity.Exam, examId, now, new { refunds });
            await db.SaveChangesAsync(ct);
            await db.CommitAsync(ct);
            return refunds;
        }, cancellationToken);

        var fees = db.CoinLedger.AsNoTracking().Where(c => c.ExamId == examId && c.Reason == CoinEntryReason.EntryRefund);
        var result = new ExamCancellationDto(examId, AdminExamStatus.Cancelled, await fees.CountAsync(cancellationToken),
            await fees.SumAsync(c => c.Amount, cancellationToken));
        if (refunded is { } count)
        {
            logger.LogInformation("Exam {ExamId} cancelled by {AdminId}: {Refunds} entry fees refunded ({Coins} coins)",
                examId, adminId, count, result.CoinsRefunded);
        }

        return result;
    }
}
