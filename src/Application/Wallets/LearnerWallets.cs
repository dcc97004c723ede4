using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Rewards;
using LearningPlatform.Domain.Wallets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Application.Wallets;

/// <summary>A learner's wallet for a change: the stored one, or a new one (with the demo grant, when configured).</summary>
public sealed class LearnerWallets(ILearningDb db, IOptions<WalletOptions> options, TimeProvider clock)
{
    /// <summary>
    /// Tracked, saved by the caller's SaveChanges. Two callers opening the same wallet at once lose to its primary key
    /// (and the grant to its unique index) on save; the caller's concurrency retry then finds the winner's.
    /// </summary>
    public async Task<Wallet> OpenAsync(Guid learnerId, CancellationToken cancellationToken)
    {
        if (await db.Wallets.SingleOrDefaultAsync(w => w.LearnerId == learnerId, cancellationToken) is { } wallet)
        {
            return wallet;
        }

        var now = clock.GetUtcNow();
        wallet = Wallet.Open(learnerId, now);
        db.Wallets.Add(wallet);
        if (options.Value.DemoGrant > 0)
        {
            db.CoinLedger.Add(wallet.Credit(options.Value.DemoGrant, CoinEntryReason.DemoGrant, null, now));
        }

        return wallet;
    }

    public bool OpensWithGrant => options.Value.DemoGrant > 0;
}
