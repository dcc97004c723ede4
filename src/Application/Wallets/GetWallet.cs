using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Rewards;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Wallets;

/// <summary>One movement of the caller's coins; <c>examTitle</c> names the exam of a prize, fee or refund.</summary>
public sealed record CoinEntryDto(Guid Id, long Amount, CoinEntryReason Reason, Guid? ExamId, string? ExamTitle, DateTimeOffset CreatedAt);

/// <summary>The caller's <c>balance</c> and one page of their ledger, newest first, of <c>total</c> entries.</summary>
public sealed record WalletDto(long Balance, long Total, IReadOnlyList<CoinEntryDto> Entries);

/// <summary>The caller's wallet: balance and ledger (prizes credited at ranking, entry fees, refunds). Only ever the caller's.</summary>
public sealed class GetWallet(ILearningDb db, LearnerWallets wallets)
{
    public async Task<WalletDto> HandleAsync(Guid learnerId, long offset, int limit, CancellationToken cancellationToken)
    {
        if (wallets.OpensWithGrant && !await db.Wallets.AnyAsync(w => w.LearnerId == learnerId, cancellationToken))
        {
            // The demo's opening coins show at the first look, not only at the first paid start.
            await ConcurrencyRetry.RunAsync(db, async ct =>
            {
                await wallets.OpenAsync(learnerId, ct);
                return await db.SaveChangesAsync(ct);
            }, cancellationToken);
        }

        var balance = await db.Wallets.Where(w => w.LearnerId == learnerId).Select(w => (long?)w.Balance).SingleOrDefaultAsync(cancellationToken) ?? 0;
        var ledger = db.CoinLedger.AsNoTracking().Where(c => c.LearnerId == learnerId);
        var total = await ledger.LongCountAsync(cancellationToken);
        var entries = await ledger
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .Skip((int)offset).Take(limit)
            .Select(c => new CoinEntryDto(c.Id, c.Amount, c.Reason, c.ExamId,
                db.Exams.Where(e => e.Id == c.ExamId).Select(e => e.Title).FirstOrDefault(), c.CreatedAt))
            .ToListAsync(cancellationToken);
        return new WalletDto(balance, total, entries);
    }
}
