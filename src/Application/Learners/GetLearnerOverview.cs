using LearningPlatform.Application.Common;
using LearningPlatform.Application.Rewards;
using LearningPlatform.Application.Wallets;
using LearningPlatform.Domain.Attempts;
using LearningPlatform.Domain.Learners;
using LearningPlatform.Domain.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Learners;

/// <summary>One attempt as an admin sees it in the learner lookup.</summary>
public sealed record LearnerAttemptDto(
    Guid Id, Guid ExamId, string ExamTitle, int AttemptNumber, AttemptStatus Status, int Score, int AnsweredCount,
    DateTimeOffset StartedAt, DateTimeOffset ExpiresAt, DateTimeOffset? FinishedAt, bool FlaggedForReview, string? ReviewReason,
    string? InvalidatedReason);

/// <summary>One recorded move of a subscription (a store event, or a transfer to another learner).</summary>
public sealed record SubscriptionChangeDto(
    string EventType, SubscriptionStatus? From, SubscriptionStatus To, DateTimeOffset OccurredAt, DateTimeOffset? ExpiresAt, DateTimeOffset RecordedAt);

/// <summary>A subscription with its latest changes, newest first.</summary>
public sealed record LearnerSubscriptionDto(
    Guid Id, string PlanCode, Store Store, string ProductId, SubscriptionStatus Status, DateTimeOffset? ExpiresAt, bool Entitled,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<SubscriptionChangeDto> RecentChanges);

/// <summary>The wallet: balance, how many ledger entries there are, and the latest of them.</summary>
public sealed record LearnerWalletDto(long Balance, long TotalEntries, IReadOnlyList<CoinEntryDto> RecentEntries);

/// <summary>
/// The learner lookup's page: the name (null when the LearningDB holds none), whether a subscription entitles them now,
/// their subscriptions, wallet, rewards (newest first, the coupon masked) and their latest attempts with the total.
/// </summary>
public sealed record LearnerOverviewDto(
    Guid LearnerId,
    string? DisplayName,
    NameSource? NameSource,
    bool Entitled,
    IReadOnlyList<LearnerSubscriptionDto> Subscriptions,
    LearnerWalletDto Wallet,
    IReadOnlyList<AdminRewardDto> Rewards,
    long TotalAttempts,
    IReadOnlyList<LearnerAttemptDto> RecentAttempts);

/// <summary>
/// Everything the LearningDB knows of one learner, for an admin answering them. A learner is known by any row: a name, an
/// attempt, a reward, a subscription, a wallet or a ledger entry; an id with none of them is 404 <c>learner.not_found</c>.
/// </summary>
public sealed class GetLearnerOverview(ILearningDb db, TimeProvider clock)
{
    public const int RecentAttempts = 10;
    public const int RecentEntries = 10;
    public const int RecentChanges = 10;
    public const int MaxRewards = 50;

    public async Task<LearnerOverviewDto> HandleAsync(Guid learnerId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var learner = await db.Learners.AsNoTracking().FirstOrDefaultAsync(l => l.Id == learnerId, cancellationToken);
        var subscriptions = await db.Subscriptions.AsNoTracking()
            .Where(s => s.LearnerId == learnerId)
            .OrderByDescending(s => s.UpdatedAt)
            .Select(s => new
            {
                s.Id, s.PlanCode, s.Store, s.ProductId, s.Status, s.ExpiresAt, s.CreatedAt, s.UpdatedAt,
                Changes = s.Changes.OrderByDescending(c => c.RecordedAt).ThenByDescending(c => c.Id).Take(RecentChanges)
                    .Select(c => new SubscriptionChangeDto(c.EventType, c.From, c.To, c.OccurredAt, c.ExpiresAt, c.RecordedAt)).ToList(),
            })
            .ToListAsync(cancellationToken);
        var subscriptionDtos = subscriptions.Select(s => new LearnerSubscriptionDto(
            s.Id, s.PlanCode, s.Store, s.ProductId, s.Status, s.ExpiresAt,
            Subscription.GrantsWhileUnexpired(s.Status) && s.ExpiresAt > now, s.CreatedAt, s.UpdatedAt, s.Changes)).ToList();

        var wallet = await WalletAsync(learnerId, cancellationToken);
        var rewards = await db.Rewards.AsNoTracking()
            .Where(r => r.LearnerId == learnerId)
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Take(MaxRewards)
            .ProjectToAdminDto(db)
            .ToListAsync(cancellationToken);
        var totalAttempts = await db.Attempts.LongCountAsync(a => a.LearnerId == learnerId, cancellationToken);
        var attempts = totalAttempts == 0 ? [] : await ListLearnerAttempts.PageAsync(db, learnerId, 0, RecentAttempts, cancellationToken);

        if (learner is null && subscriptionDtos.Count == 0 && wallet is null && rewards.Count == 0 && totalAttempts == 0)
        {
            throw LearnerErrors.NotFound();
        }

        return new LearnerOverviewDto(
            learnerId, learner?.DisplayName, learner?.NameSource, subscriptionDtos.Any(s => s.Entitled), subscriptionDtos,
            wallet ?? new LearnerWalletDto(0, 0, []), rewards, totalAttempts, attempts);
    }

    private async Task<LearnerWalletDto?> WalletAsync(Guid learnerId, CancellationToken cancellationToken)
    {
        var balance = await db.Wallets.Where(w => w.LearnerId == learnerId).Select(w => (long?)w.Balance).FirstOrDefaultAsync(cancellationToken);
        var ledger = db.CoinLedger.AsNoTracking().Where(c => c.LearnerId == learnerId);
        var total = await ledger.LongCountAsync(cancellationToken);
        if (balance is null && total == 0)
        {
            return null;
        }

        var entries = await ledger
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .Take(RecentEntries)
            .Select(c => new CoinEntryDto(c.Id, c.Amount, c.Reason, c.ExamId,
                db.Exams.Where(e => e.Id == c.ExamId).Select(e => e.Title).FirstOrDefault(), c.CreatedAt))
            .ToListAsync(cancellationToken);
        return new LearnerWalletDto(balance ?? 0, total, entries);
    }
}
