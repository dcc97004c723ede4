using FluentValidation;
using LearningPlatform.Domain.Subscriptions;

namespace LearningPlatform.Application.Billing;

public sealed record PlanDto(string Code, string Name, string Entitlement, string? AppleProductId, string? GoogleProductId);

public sealed record SubscriptionDto(
    Guid Id, string PlanCode, Store Store, string ProductId, SubscriptionStatus Status, DateTimeOffset? ExpiresAt, bool Entitled,
    DateTimeOffset UpdatedAt);

/// <summary>
/// The learner's entitlement now (<see cref="Entitlements"/>: <c>premium</c> or none) and the subscription behind it: the
/// entitled one that runs longest, else the one changed last; null when the learner never had one.
/// </summary>
public sealed record SubscriptionStatusDto(bool Entitled, IReadOnlyList<string> Entitlements, SubscriptionDto? Subscription);

/// <summary>
/// <c>POST /billing/purchases</c>: <c>{store: "apple", signedTransaction}</c> (StoreKit 2's JWS transaction) or
/// <c>{store: "google", productId, purchaseToken}</c>.
/// </summary>
public sealed record PurchaseRequest(string? Store, string? SignedTransaction, string? ProductId, string? PurchaseToken)
{
    public const string Apple = "apple";
    public const string Google = "google";
    public const int MaxSignedTransactionLength = 32 * 1024;
    public const int MaxTokenLength = 4096;
}

/// <summary>
/// The outcome of a presented purchase. <see cref="SeenBefore"/>: another learner presented this store transaction first,
/// so it grants nothing here (and <see cref="Subscription"/> is null: it is not yours).
/// </summary>
public sealed record PurchaseResult(bool SeenBefore, bool Entitled, SubscriptionDto? Subscription);

/// <summary>A webhook's answer once the notification is recorded: what it did, and whether it was a replay.</summary>
public sealed record NotificationReceipt(NotificationOutcome Outcome, bool Duplicate);

internal sealed class PurchaseRequestValidator : AbstractValidator<PurchaseRequest>
{
    public PurchaseRequestValidator()
    {
        RuleFor(r => r.Store).NotEmpty().Must(s => s is PurchaseRequest.Apple or PurchaseRequest.Google)
            .WithMessage("store must be 'apple' or 'google'.");
        When(r => r.Store == PurchaseRequest.Apple, () =>
            RuleFor(r => r.SignedTransaction).NotEmpty().MaximumLength(PurchaseRequest.MaxSignedTransactionLength));
        When(r => r.Store == PurchaseRequest.Google, () =>
        {
            RuleFor(r => r.ProductId).NotEmpty().MaximumLength(Plan.MaxProductIdLength);
            RuleFor(r => r.PurchaseToken).NotEmpty().MaximumLength(PurchaseRequest.MaxTokenLength);
        });
    }
}

internal static class BillingMapping
{
    public static SubscriptionDto ToDto(this Subscription s, DateTimeOffset now) =>
        new(s.Id, s.PlanCode, s.Store, s.ProductId, s.Status, s.ExpiresAt, s.IsEntitledAt(now), s.UpdatedAt);

    public static PlanDto ToDto(this Plan p) => new(p.Code, p.Name, p.Entitlement, p.AppleProductId, p.GoogleProductId);
}
