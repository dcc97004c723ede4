using LearningPlatform.Application.Billing;
using LearningPlatform.Application.Jobs;
using LearningPlatform.Domain.Subscriptions;
using LearningPlatform.Infrastructure.BackgroundJobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Infrastructure.Billing.Google;

/// <summary>
/// Play's voided purchases (refunds, chargebacks, revocations) of the last <c>VoidedPurchasesLookback</c>, each applied
/// as a notification <c>voided:{orderId}</c>: the notification key makes a void apply once however many polls (and
/// instances) see it again, so the window may overlap freely and no cursor is kept. Voids of tokens this server never
/// verified are skipped (they entitled nobody).
/// </summary>
internal sealed class GoogleVoidedPurchases(
    GooglePlayClient play, GooglePlayStore store, ReceiveStoreNotification notifications, IOptions<GooglePlayOptions> options,
    TimeProvider clock, ILogger<GoogleVoidedPurchases> logger)
{
    /// <summary>Pages of up to 1000 per poll; Play's quota for this call is small (about 30 per 30 seconds).</summary>
    private const int MaxPages = 20;

    /// <summary>Returns how many voids moved a subscription.</summary>
    public async Task<int> PollAsync(CancellationToken cancellationToken)
    {
        var end = clock.GetUtcNow();
        var start = end - options.Value.VoidedPurchasesLookback;
        string? page = null;
        var applied = 0;
        for (var i = 0; i < MaxPages; i++)
        {
            var result = await play.ListVoidedAsync(start, end, page, cancellationToken);
            foreach (var voided in result.Purchases)
            {
                var id = "voided:" + (voided.OrderId ?? GooglePlayStore.Hash(voided.PurchaseToken));
                if (id.Length > StoreNotification.MaxIdLength
                    || await store.VoidedAsync(voided.PurchaseToken, id, voided.VoidedTime, voided.VoidedReason, cancellationToken) is not { } transaction)
                {
                    continue;
                }

                var receipt = await notifications.ApplyAsync(
                    new VerifiedNotification(Store.Google, id, GooglePlayStore.VoidedType, transaction), cancellationToken);
                if (receipt is { Duplicate: false, Outcome: NotificationOutcome.Applied })
                {
                    applied++;
                }
            }

            page = result.NextPageToken;
            if (page is null)
            {
                return applied;
            }
        }

        logger.LogWarning("Google Play voided purchases: more than {Pages} pages in {Lookback}; the rest waits for the next poll",
            MaxPages, options.Value.VoidedPurchasesLookback);
        return applied;
    }
}

/// <summary>Polls <see cref="GoogleVoidedPurchases"/> every <c>Billing:Google:VoidedPurchasesInterval</c> (GET /admin/jobs shows it).</summary>
internal sealed class GoogleVoidedPurchasePoll(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<GooglePlayOptions> options, JobMonitor monitor, ILogger<GoogleVoidedPurchasePoll> logger)
    : PeriodicBatchJob(scopes, clock, monitor, logger)
{
    public const string Name = "google-voided-purchases";

    protected override string JobName => Name;
    protected override TimeSpan Interval => options.Value.VoidedPurchasesInterval;

    // One batch is a whole poll (all its pages).
    protected override int BatchSize => int.MaxValue;

    protected override Task<int> RunBatchAsync(IServiceProvider services, int batchSize, CancellationToken cancellationToken) =>
        services.GetRequiredService<GoogleVoidedPurchases>().PollAsync(cancellationToken);
}
