using LearningPlatform.Domain.Common;

namespace LearningPlatform.Domain.Subscriptions;

/// <summary>
/// Where a store subscription stands. ACTIVE, GRACE (billing retry, still entitled) and CANCELED (auto-renew off) are
/// entitled until their expiry; ON_HOLD and PAUSED (Play; Apple's billing retry without grace) are neither entitled
/// nor over; EXPIRED, REFUNDED and REVOKED are not entitled.
/// </summary>
public enum SubscriptionStatus
{
    Active,
    Grace,
    OnHold,
    Paused,
    Canceled,
    Expired,
    Refunded,
    Revoked,
}

/// <summary>
/// A verified store fact about one store transaction: the state the store says it is in after the event
/// <paramref name="EventId"/> of kind <paramref name="Type"/>, as of <paramref name="OccurredAt"/> (the store's own time of
/// the event, which orders events that arrive out of order).
/// </summary>
public sealed record StoreEvent(
    string EventId, string Type, DateTimeOffset OccurredAt, SubscriptionStatus Status, DateTimeOffset? ExpiresAt)
{
    public const int MaxEventIdLength = 200;
    public const int MaxTypeLength = 100;

    /// <summary>A transaction the learner's app presented (not a store notification).</summary>
    public const string PurchaseType = "PURCHASE";
}

/// <summary>What happens when a learner other than the owner presents a store transaction.</summary>
public enum TransferRule
{
    /// <summary>The first learner who presented it keeps it; the other gets <c>seenBefore</c> and no entitlement.</summary>
    Never,

    /// <summary>
    /// A restore on another account moves the subscription to the learner presenting it (the previous owner loses the
    /// entitlement): one store account, one learner at a time.
    /// </summary>
    ToPresenter,
}

/// <summary>One recorded move of a subscription: the store event that caused it, or an ownership transfer.</summary>
public sealed class SubscriptionChange
{
    public const string TransferType = "OWNERSHIP_TRANSFER";

    private SubscriptionChange()
    {
        EventId = EventType = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid SubscriptionId { get; private set; }
    public string EventId { get; private set; }
    public string EventType { get; private set; }
    public SubscriptionStatus? From { get; private set; }
    public SubscriptionStatus To { get; private set; }
    public DateTimeOffset OccurredAt { get; private set; }
    public DateTimeOffset? ExpiresAt { get; private set; }
    public Guid LearnerId { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }

    internal static SubscriptionChange Of(Subscription s, SubscriptionStatus? from, string eventId, string type, DateTimeOffset occurredAt, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        SubscriptionId = s.Id,
        EventId = eventId,
        EventType = type,
        From = from,
        To = s.Status,
        OccurredAt = occurredAt,
        ExpiresAt = s.ExpiresAt,
        LearnerId = s.LearnerId,
        RecordedAt = now,
    };
}

/// <summary>How a presentation of a store transaction by a learner came out.</summary>
public enum Presentation
{
    /// <summary>The learner owns it (first presenter, or presenting again).</summary>
    Owner,

    /// <summary>Another learner owns it: <c>seenBefore</c>, no entitlement.</summary>
    SeenBefore,

    /// <summary>Another learner owned it and the transfer rule moved it to this one.</summary>
    Transferred,
}

/// <summary>
/// A learner's subscription: one store transaction (Apple's <c>originalTransactionId</c>, Play's first purchase token),
/// owned by the first learner who presented it. Its state moves only on verified store events, each recorded with the
/// move it caused; an event not newer than the one that set the current state is ignored (stores deliver late, twice
/// and out of order).
/// </summary>
public sealed class Subscription
{
    public const int MaxStoreTransactionIdLength = 512;

    private readonly List<SubscriptionChange> _changes = [];

    private Subscription()
    {
        PlanCode = StoreTransactionId = ProductId = LastEventId = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid LearnerId { get; private set; }
    public string PlanCode { get; private set; }
    public Store Store { get; private set; }
    public string StoreTransactionId { get; private set; }
    public string ProductId { get; private set; }
    public SubscriptionStatus Status { get; private set; }
    public DateTimeOffset? ExpiresAt { get; private set; }

    /// <summary>The store time of the event that set the current state: older events are ignored.</summary>
    public DateTimeOffset LastEventAt { get; private set; }
    public string LastEventId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public uint Version { get; private set; }
    public IReadOnlyList<SubscriptionChange> Changes => _changes;

    /// <summary>Entitled: ACTIVE, GRACE or CANCELED, before expiry.</summary>
    public bool IsEntitledAt(DateTimeOffset now) => GrantsWhileUnexpired(Status) && ExpiresAt > now;

    /// <summary>The states that entitle their owner until <see cref="ExpiresAt"/>.</summary>
    public static bool GrantsWhileUnexpired(SubscriptionStatus status) =>
        status is SubscriptionStatus.Active or SubscriptionStatus.Grace or SubscriptionStatus.Canceled;

    public static Subscription Start(
        Guid learnerId, Plan plan, Store store, string storeTransactionId, string productId, StoreEvent first, DateTimeOffset now)
    {
        if (!plan.Sells(store, productId))
        {
            throw SubscriptionErrors.UnknownProduct(productId);
        }

        if (string.IsNullOrEmpty(storeTransactionId) || storeTransactionId.Length > MaxStoreTransactionIdLength)
        {
            throw SubscriptionErrors.Malformed("The store transaction id is missing or too long.");
        }

        Check(first);
        var subscription = new Subscription
        {
            Id = Guid.CreateVersion7(now),
            LearnerId = learnerId,
            PlanCode = plan.Code,
            Store = store,
            StoreTransactionId = storeTransactionId,
            ProductId = productId,
            Status = first.Status,
            ExpiresAt = first.ExpiresAt,
            LastEventAt = first.OccurredAt,
            LastEventId = first.EventId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        subscription._changes.Add(SubscriptionChange.Of(subscription, null, first.EventId, first.Type, first.OccurredAt, now));
        return subscription;
    }

    /// <summary>
    /// Moves to the state <paramref name="e"/> reports, recording the move, unless the event is not newer than the one
    /// that set the current state (then nothing changes and the answer is false). A plan change in the store (another
    /// product of a plan) comes with <paramref name="plan"/>.
    /// </summary>
    public bool Apply(StoreEvent e, DateTimeOffset now, Plan? plan = null, string? productId = null)
    {
        Check(e);
        if (e.OccurredAt <= LastEventAt)
        {
            return false;
        }

        if (plan is not null && productId is not null)
        {
            if (!plan.Sells(Store, productId))
            {
                throw SubscriptionErrors.UnknownProduct(productId);
            }

            PlanCode = plan.Code;
            ProductId = productId;
        }

        var from = Status;
        // A presented transaction says the period is paid, not whether auto-renew is on: a CANCELED subscription
        // stays CANCELED (entitled until its expiry) until the store itself reports a move.
        Status = e.Type == StoreEvent.PurchaseType && Status == SubscriptionStatus.Canceled && e.Status == SubscriptionStatus.Active
            ? SubscriptionStatus.Canceled
            : e.Status;
        ExpiresAt = e.ExpiresAt ?? ExpiresAt;
        LastEventAt = e.OccurredAt;
        LastEventId = e.EventId;
        UpdatedAt = now;
        _changes.Add(SubscriptionChange.Of(this, from, e.EventId, e.Type, e.OccurredAt, now));
        return true;
    }

    /// <summary>
    /// <paramref name="learnerId"/> presents this store transaction. The owner presenting it again changes nothing;
    /// another learner gets it only under <see cref="TransferRule.ToPresenter"/> (recorded as a move).
    /// </summary>
    public Presentation PresentedBy(Guid learnerId, TransferRule rule, DateTimeOffset now)
    {
        if (learnerId == LearnerId)
        {
            return Presentation.Owner;
        }

        if (rule != TransferRule.ToPresenter)
        {
            return Presentation.SeenBefore;
        }

        LearnerId = learnerId;
        UpdatedAt = now;
        _changes.Add(SubscriptionChange.Of(this, Status, $"transfer:{now.ToUnixTimeMilliseconds()}", SubscriptionChange.TransferType, LastEventAt, now));
        return Presentation.Transferred;
    }

    private static void Check(StoreEvent e)
    {
        if (string.IsNullOrEmpty(e.EventId) || e.EventId.Length > StoreEvent.MaxEventIdLength
            || string.IsNullOrEmpty(e.Type) || e.Type.Length > StoreEvent.MaxTypeLength)
        {
            throw SubscriptionErrors.Malformed("The store event has no id or type, or one too long.");
        }

        if (GrantsWhileUnexpired(e.Status) && e.ExpiresAt is null)
        {
            throw SubscriptionErrors.Malformed($"A {e.Status.ToUpperSnake()} subscription needs an expiry.");
        }
    }
}
