using System.Security.Cryptography;
using System.Text;
using LearningPlatform.Application.Billing;
using LearningPlatform.Domain.Subscriptions;
using LearningPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Infrastructure.Billing.Google;

/// <summary>
/// The Google Play adapter: a purchase token the app presents, or a real-time developer notification (Pub/Sub push),
/// is turned into the store-neutral <see cref="VerifiedTransaction"/> by reading the subscription from the Play Developer
/// API; the notification only says which token to read (state is never taken from it). The store transaction id is
/// the first token of the <c>linkedPurchaseToken</c> chain (<see cref="GooglePurchaseToken"/>), so an upgrade or
/// resubscribe stays with the learner who owns the chain. The event time is when the API was read: a later read is a
/// later fact, so two notifications arriving out of order both end at what the API says last.
/// </summary>
internal sealed class GooglePlayStore(
    GooglePlayClient play,
    PubSubPushAuthenticator pushes,
    LearningDbContext db,
    IOptions<GooglePlayOptions> options,
    TimeProvider clock,
    ILogger<GooglePlayStore> logger) : IStorePurchaseVerifier, IStoreNotificationVerifier
{
    /// <summary>How many links back a new token's chain is followed through the API before its first token is taken as known.</summary>
    private const int MaxChainWalk = 5;

    public const string PurchaseType = "PLAY_PURCHASE";
    public const string VoidedType = "PLAY_VOIDED_PURCHASE";

    public Store Store => Store.Google;

    public async Task<VerifiedTransaction> VerifyPurchaseAsync(PurchaseRequest request, CancellationToken cancellationToken)
    {
        var token = request.PurchaseToken ?? "";
        if (token.Length is 0 or > Subscription.MaxStoreTransactionIdLength)
        {
            throw SubscriptionErrors.Malformed($"the purchase token is empty or longer than {Subscription.MaxStoreTransactionIdLength} characters.");
        }

        var readAt = ReadTime();
        var subscription = await play.GetSubscriptionAsync(token, cancellationToken) ?? throw SubscriptionErrors.PurchaseNotFound();
        CheckTestPurchase(subscription);
        if (subscription.ProductId != request.ProductId)
        {
            throw SubscriptionErrors.Malformed($"productId '{request.ProductId}' is not the purchase's product.");
        }

        var status = StatusOf(subscription.State) ?? throw SubscriptionErrors.PurchasePending(subscription.State);
        CheckExpiry(subscription, status);
        await RequirePlanAsync(subscription.ProductId, cancellationToken);
        var root = await RecordTokenAsync(token, subscription, cancellationToken);
        await AcknowledgeOnceAsync(token, subscription, cancellationToken);
        return await TransactionAsync(root, token, subscription, status, PurchaseType, $"play:{Hash(token)}@{readAt.ToUnixTimeMilliseconds()}", readAt, cancellationToken);
    }

    public async Task<VerifiedNotification> VerifyNotificationAsync(StoreNotificationRequest request, CancellationToken cancellationToken)
    {
        if (await pushes.RefusalAsync(request.Authorization, cancellationToken) is { } refusal)
        {
            throw SubscriptionErrors.NotificationUnverified("billing.push_unauthenticated", $"the Pub/Sub push's token was refused ({refusal}).");
        }

        var notification = PlayNotification.Parse(request.Body)
            ?? throw SubscriptionErrors.Malformed("the body is not a Pub/Sub push of a Play developer notification.");
        if (notification.PackageName != options.Value.PackageName)
        {
            throw SubscriptionErrors.WrongApp($"packageName '{notification.PackageName}' is not this app's.");
        }

        var id = notification.MessageId;
        switch (notification.Kind)
        {
            case PlayNotificationKind.Subscription:
                var type = "RTDN_" + NotificationTypeName(notification.NotificationType!.Value);
                var readAt = ReadTime();
                var subscription = await play.GetSubscriptionAsync(notification.PurchaseToken!, cancellationToken);
                if (subscription is null || StatusOf(subscription.State) is not { } status || !AcceptsTestPurchase(subscription)
                    || notification.PurchaseToken!.Length > Subscription.MaxStoreTransactionIdLength
                    || Subscription.GrantsWhileUnexpired(status) && subscription.ExpiryTime is null
                    || !await SellsAsync(subscription.ProductId, cancellationToken))
                {
                    // A token Google does not know, a pending purchase, a test purchase in production, another product:
                    // recorded (so a replay stays one) and nothing moves.
                    return new VerifiedNotification(Store.Google, id, type, null);
                }

                // Play reports a revoked subscription as EXPIRED; the notification names why.
                if (notification.NotificationType == 12 && status == SubscriptionStatus.Expired)
                {
                    status = SubscriptionStatus.Revoked;
                }

                var token = notification.PurchaseToken!;
                var root = await RecordTokenAsync(token, subscription, cancellationToken);
                var transaction = await TransactionAsync(root, token, subscription, status, type, id, readAt, cancellationToken);
                if (transaction.AccountLearnerId is not null || await db.Subscriptions.AnyAsync(
                        s => s.Store == Store.Google && s.StoreTransactionId == root, cancellationToken))
                {
                    // Someone will hold this purchase: acknowledge it within Play's three days even if the app never calls.
                    // Without a learner it stays unacknowledged, and Play refunds what nobody can use.
                    await AcknowledgeOnceAsync(token, subscription, cancellationToken);
                }

                return new VerifiedNotification(Store.Google, id, type, transaction);

            case PlayNotificationKind.Voided:
                return new VerifiedNotification(
                    Store.Google, id, VoidedType, await VoidedAsync(notification.PurchaseToken!, id, notification.EventTime, 0, cancellationToken));

            default:
                return new VerifiedNotification(Store.Google, id, "RTDN_OTHER", null);
        }
    }

    /// <summary>
    /// A voided purchase (refund, chargeback or revocation; from the poll or a notification) as a REFUNDED move of the
    /// chain it belongs to, at its voided time; REVOKED when Play voided it because it was never acknowledged. Null for
    /// a token this server never verified: nobody was entitled by it.
    /// </summary>
    public async Task<VerifiedTransaction?> VoidedAsync(
        string purchaseToken, string eventId, DateTimeOffset voidedAt, int voidedReason, CancellationToken cancellationToken)
    {
        var known = await db.GooglePurchaseTokens.AsNoTracking().SingleOrDefaultAsync(t => t.PurchaseToken == purchaseToken, cancellationToken);
        if (known is null)
        {
            return null;
        }

        var status = voidedReason == 8 ? SubscriptionStatus.Revoked : SubscriptionStatus.Refunded;
        return new VerifiedTransaction(
            Store.Google, known.StoreTransactionId, known.ProductId, null, new StoreEvent(eventId, VoidedType, voidedAt, status, null));
    }

    /// <summary>
    /// SubscriptionPurchaseV2's state as the domain's. Null for a purchase that is not one yet (PENDING: awaiting payment;
    /// PENDING_PURCHASE_CANCELED: never paid) or an unknown state. Play's CANCELED is auto-renew off, entitled until expiry.
    /// </summary>
    internal static SubscriptionStatus? StatusOf(string state) => state switch
    {
        "SUBSCRIPTION_STATE_ACTIVE" => SubscriptionStatus.Active,
        "SUBSCRIPTION_STATE_IN_GRACE_PERIOD" => SubscriptionStatus.Grace,
        "SUBSCRIPTION_STATE_ON_HOLD" => SubscriptionStatus.OnHold,
        "SUBSCRIPTION_STATE_PAUSED" => SubscriptionStatus.Paused,
        "SUBSCRIPTION_STATE_CANCELED" => SubscriptionStatus.Canceled,
        "SUBSCRIPTION_STATE_EXPIRED" => SubscriptionStatus.Expired,
        _ => null,
    };

    /// <summary>RTDN <c>subscriptionNotification.notificationType</c> names (for the record; the state comes from the API).</summary>
    internal static string NotificationTypeName(int type) => type switch
    {
        1 => "SUBSCRIPTION_RECOVERED",
        2 => "SUBSCRIPTION_RENEWED",
        3 => "SUBSCRIPTION_CANCELED",
        4 => "SUBSCRIPTION_PURCHASED",
        5 => "SUBSCRIPTION_ON_HOLD",
        6 => "SUBSCRIPTION_IN_GRACE_PERIOD",
        7 => "SUBSCRIPTION_RESTARTED",
        8 => "SUBSCRIPTION_PRICE_CHANGE_CONFIRMED",
        9 => "SUBSCRIPTION_DEFERRED",
        10 => "SUBSCRIPTION_PAUSED",
        11 => "SUBSCRIPTION_PAUSE_SCHEDULE_CHANGED",
        12 => "SUBSCRIPTION_REVOKED",
        13 => "SUBSCRIPTION_EXPIRED",
        17 => "SUBSCRIPTION_ITEMS_CHANGED",
        18 => "SUBSCRIPTION_CANCELLATION_SCHEDULED",
        19 => "SUBSCRIPTION_PRICE_CHANGE_UPDATED",
        20 => "SUBSCRIPTION_PENDING_PURCHASE_CANCELED",
        22 => "SUBSCRIPTION_PRICE_STEP_UP_CONSENT_UPDATED",
        _ => "SUBSCRIPTION_" + type,
    };

    private async Task<VerifiedTransaction> TransactionAsync(
        string root, string token, PlaySubscription subscription, SubscriptionStatus status, string type, string eventId,
        DateTimeOffset readAt, CancellationToken cancellationToken)
    {
        // A superseded token (a later one links to it) is history: its read is dated at its start, older than any state
        // the chain has, so it moves nothing; a first sight of the chain still gets a row from it.
        var superseded = await db.GooglePurchaseTokens.AnyAsync(t => t.LinkedPurchaseToken == token, cancellationToken);
        var occurredAt = superseded ? subscription.StartTime ?? DateTimeOffset.UnixEpoch : readAt;
        var account = Guid.TryParse(subscription.ObfuscatedAccountId, out var learner) ? learner : (Guid?)null;
        return new VerifiedTransaction(
            Store.Google, root, subscription.ProductId, account, new StoreEvent(eventId, type, occurredAt, status, subscription.ExpiryTime));
    }

    /// <summary>
    /// Records <paramref name="token"/> under its chain's first token (found through <c>linkedPurchaseToken</c>: the tokens
    /// already recorded, else the API, a few links deep) and returns that first token, the store transaction id. Racing
    /// first sights insert once (the key), and agree on the chain.
    /// </summary>
    private async Task<string> RecordTokenAsync(string token, PlaySubscription subscription, CancellationToken cancellationToken)
    {
        var known = await db.GooglePurchaseTokens.AsNoTracking().SingleOrDefaultAsync(t => t.PurchaseToken == token, cancellationToken);
        if (known is not null)
        {
            return known.StoreTransactionId;
        }

        var root = subscription.LinkedPurchaseToken is { } linked ? await ChainRootAsync(linked, cancellationToken) : token;
        var linkedToken = subscription.LinkedPurchaseToken is { Length: <= Subscription.MaxStoreTransactionIdLength } l ? l : null;
        var now = clock.GetUtcNow();
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
             INSERT INTO google_purchase_tokens (purchase_token, store_transaction_id, linked_purchase_token, product_id, created_at)
             VALUES ({token}, {root}, {linkedToken}, {subscription.ProductId}, {now})
             ON CONFLICT (purchase_token) DO NOTHING
             """, cancellationToken);
        return await db.GooglePurchaseTokens.AsNoTracking().Where(t => t.PurchaseToken == token)
            .Select(t => t.StoreTransactionId).SingleAsync(cancellationToken);
    }

    private async Task<string> ChainRootAsync(string token, CancellationToken cancellationToken)
    {
        var current = token;
        for (var step = 0; step < MaxChainWalk; step++)
        {
            var known = await db.GooglePurchaseTokens.AsNoTracking().Where(t => t.PurchaseToken == current)
                .Select(t => t.StoreTransactionId).SingleOrDefaultAsync(cancellationToken);
            if (known is not null)
            {
                return known;
            }

            // Never verified here: the API may still know what it replaced (it forgets tokens 60 days after expiry).
            var older = await play.GetSubscriptionAsync(current, cancellationToken);
            if (older?.LinkedPurchaseToken is not { } next || next == current)
            {
                break;
            }

            current = next;
        }

        if (current.Length > Subscription.MaxStoreTransactionIdLength)
        {
            throw SubscriptionErrors.Malformed("the linked purchase token is too long.");
        }

        return current;
    }

    /// <summary>
    /// Tries again every acknowledgement that failed (decision 138): the tokens verified in the last three days (Play
    /// refunds a purchase left unacknowledged that long), still unacknowledged, whose chain a learner holds. Each is
    /// read from Play first: one Play no longer knows, or still pending, is left as it is. A purchase nobody holds stays
    /// unacknowledged, as at verification. Stops at the first call Play does not answer (the next sweep retries).
    /// Returns how many this sweep acknowledged.
    /// </summary>
    public async Task<int> AcknowledgePendingAsync(CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow() - AcknowledgeDeadline;
        var tokens = await db.Set<GooglePurchaseToken>().AsNoTracking()
            .Where(t => t.AcknowledgedAt == null && t.CreatedAt > since
                        && db.Subscriptions.Any(s => s.Store == Store.Google && s.StoreTransactionId == t.StoreTransactionId))
            .OrderBy(t => t.CreatedAt)
            .Select(t => t.PurchaseToken)
            .ToListAsync(cancellationToken);
        var acknowledged = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            try
            {
                var subscription = await play.GetSubscriptionAsync(token, cancellationToken);
                if (subscription is not null && StatusOf(subscription.State) is not null
                    && await AcknowledgeOnceAsync(token, subscription, cancellationToken))
                {
                    acknowledged++;
                }
            }
            catch (GooglePlayUnavailableException ex)
            {
                logger.LogWarning("Acknowledge sweep: Google Play did not answer ({Error}); {Left} purchases wait for the next sweep",
                    ex.Message, tokens.Count - i);
                break;
            }
        }

        return acknowledged;
    }

    /// <summary>How long Play waits for a purchase's acknowledgement before it refunds it.</summary>
    internal static readonly TimeSpan AcknowledgeDeadline = TimeSpan.FromDays(3);

    /// <summary>
    /// Acknowledges the purchase once: the request that moves the token's claim from null wins and calls Play; a failed
    /// call gives the claim back, so the next verification of this token (the app's retry, a notification) or the
    /// acknowledge sweep tries again. True when this call acknowledged it at Play.
    /// </summary>
    private async Task<bool> AcknowledgeOnceAsync(string token, PlaySubscription subscription, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var claimed = await db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE google_purchase_tokens SET acknowledged_at = {now} WHERE purchase_token = {token} AND acknowledged_at IS NULL",
            cancellationToken);
        if (claimed == 0 || subscription.Acknowledged)
        {
            return false;
        }

        try
        {
            await play.AcknowledgeAsync(subscription.ProductId, token, cancellationToken);
            logger.LogInformation("Acknowledged Google Play purchase {Token}", Hash(token));
            return true;
        }
        catch (Exception ex) when (ex is GooglePlayUnavailableException or OperationCanceledException)
        {
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"UPDATE google_purchase_tokens SET acknowledged_at = NULL WHERE purchase_token = {token} AND acknowledged_at = {now}",
                CancellationToken.None);
            // The purchase is verified and will be recorded; the acknowledgement waits for the next verification of it
            // or the acknowledge sweep, whichever comes first.
            logger.LogWarning("Acknowledging Google Play purchase {Token} failed; the next verification or the acknowledge sweep retries: {Error}",
                Hash(token), ex.Message);
            return false;
        }
    }

    private static void CheckExpiry(PlaySubscription subscription, SubscriptionStatus status)
    {
        if (Subscription.GrantsWhileUnexpired(status) && subscription.ExpiryTime is null)
        {
            throw SubscriptionErrors.Malformed("the subscription has no expiry time.");
        }
    }

    private async Task RequirePlanAsync(string productId, CancellationToken cancellationToken)
    {
        if (!await SellsAsync(productId, cancellationToken))
        {
            throw SubscriptionErrors.UnknownProduct(productId);
        }
    }

    private Task<bool> SellsAsync(string productId, CancellationToken cancellationToken) =>
        db.Plans.AnyAsync(p => p.GoogleProductId == productId, cancellationToken);

    private void CheckTestPurchase(PlaySubscription subscription)
    {
        if (!AcceptsTestPurchase(subscription))
        {
            throw SubscriptionErrors.WrongEnvironment("Play license-testing");
        }
    }

    private bool AcceptsTestPurchase(PlaySubscription subscription) => !subscription.TestPurchase || options.Value.AcceptTestPurchases;

    /// <summary>
    /// Now, to the millisecond: the event id carries it, and the database keeps microseconds, so a read at the same
    /// instant as the one that set the state must compare equal to it (and be ignored), not a few ticks newer.
    /// </summary>
    private DateTimeOffset ReadTime()
    {
        var now = clock.GetUtcNow();
        return DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());
    }

    /// <summary>For logs and event ids: purchase tokens are credentials of a sort and can be long.</summary>
    internal static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..24];
}
