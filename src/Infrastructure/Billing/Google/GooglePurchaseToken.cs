using LearningPlatform.Domain.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningPlatform.Infrastructure.Billing.Google;

/// <summary>
/// A Play purchase token the adapter has verified, and the subscription chain it belongs to: Play issues a new token on
/// an upgrade, downgrade or resubscribe and links it to the old one (<c>linkedPurchaseToken</c>), so the chain's first
/// token is the subscription's store transaction id and every later token maps to it. A token some later token links
/// to is superseded: what the API says about it no longer moves the subscription. <see cref="AcknowledgedAt"/> is the
/// claim that makes the acknowledge call happen once per purchase, however many requests verify it at once.
/// </summary>
internal sealed class GooglePurchaseToken
{
    public required string PurchaseToken { get; init; }
    public required string StoreTransactionId { get; init; }
    public string? LinkedPurchaseToken { get; init; }
    public required string ProductId { get; init; }
    public DateTimeOffset? AcknowledgedAt { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}

internal sealed class GooglePurchaseTokenConfiguration : IEntityTypeConfiguration<GooglePurchaseToken>
{
    public void Configure(EntityTypeBuilder<GooglePurchaseToken> builder)
    {
        builder.ToTable("google_purchase_tokens");
        builder.HasKey(t => t.PurchaseToken);
        builder.Property(t => t.PurchaseToken).HasMaxLength(Subscription.MaxStoreTransactionIdLength);
        builder.Property(t => t.StoreTransactionId).HasMaxLength(Subscription.MaxStoreTransactionIdLength);
        builder.Property(t => t.LinkedPurchaseToken).HasMaxLength(Subscription.MaxStoreTransactionIdLength);
        builder.Property(t => t.ProductId).HasMaxLength(Plan.MaxProductIdLength);
        // "Is this token superseded?" asks for a token that links to it.
        builder.HasIndex(t => t.LinkedPurchaseToken).HasFilter("linked_purchase_token IS NOT NULL");
        // The acknowledge sweep's candidates (decision 138): only the tokens whose acknowledge has not happened yet.
        builder.HasIndex(t => t.CreatedAt).HasFilter("acknowledged_at IS NULL");
    }
}
