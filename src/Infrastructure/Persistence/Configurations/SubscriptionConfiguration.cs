using LearningPlatform.Domain.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningPlatform.Infrastructure.Persistence.Configurations;

public sealed class SubscriptionConfiguration : IEntityTypeConfiguration<Subscription>
{
    public void Configure(EntityTypeBuilder<Subscription> builder)
    {
        builder.ToTable("subscriptions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.PlanCode).HasMaxLength(Plan.MaxCodeLength);
        builder.Property(s => s.StoreTransactionId).HasMaxLength(Subscription.MaxStoreTransactionIdLength);
        builder.Property(s => s.ProductId).HasMaxLength(Plan.MaxProductIdLength);
        builder.Property(s => s.LastEventId).HasMaxLength(StoreEvent.MaxEventIdLength);
        builder.Property(s => s.Version).IsRowVersion();
        // A store transaction is one subscription with one owner, however many times and by whom it is presented at
        // once: the racing inserts lose on this key and their retry finds the winner's row.
        builder.HasIndex(s => new { s.Store, s.StoreTransactionId }).IsUnique();
        builder.HasIndex(s => s.LearnerId);
        builder.HasOne<Plan>().WithMany().HasForeignKey(s => s.PlanCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.Changes).WithOne().HasForeignKey(c => c.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(s => s.Changes).HasField("_changes");
    }
}

public sealed class SubscriptionChangeConfiguration : IEntityTypeConfiguration<SubscriptionChange>
{
    public void Configure(EntityTypeBuilder<SubscriptionChange> builder)
    {
        builder.ToTable("subscription_changes");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.EventId).HasMaxLength(StoreEvent.MaxEventIdLength);
        builder.Property(c => c.EventType).HasMaxLength(StoreEvent.MaxTypeLength);
        // A store event moves a subscription at most once (the aggregate ignores it when not newer; this holds it anyway).
        builder.HasIndex(c => new { c.SubscriptionId, c.EventId }).IsUnique();
    }
}

public sealed class PlanConfiguration : IEntityTypeConfiguration<Plan>
{
    /// <summary>The plan the app sells today; product ids are the App Store Connect and Play Console ones.</summary>
    public static readonly Plan PremiumMonthly =
        Plan.Create("premium-monthly", "Premium (monthly)", "com.learningplatform.premium.monthly", "premium_monthly");

    public void Configure(EntityTypeBuilder<Plan> builder)
    {
        builder.ToTable("plans");
        builder.HasKey(p => p.Code);
        builder.Property(p => p.Code).HasMaxLength(Plan.MaxCodeLength);
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.Entitlement).HasMaxLength(32);
        builder.Property(p => p.AppleProductId).HasMaxLength(Plan.MaxProductIdLength);
        builder.Property(p => p.GoogleProductId).HasMaxLength(Plan.MaxProductIdLength);
        // A store product belongs to one plan, so a transaction finds its plan without ambiguity.
        builder.HasIndex(p => p.AppleProductId).IsUnique().HasFilter("apple_product_id IS NOT NULL");
        builder.HasIndex(p => p.GoogleProductId).IsUnique().HasFilter("google_product_id IS NOT NULL");
        builder.HasData(new
        {
            PremiumMonthly.Code, PremiumMonthly.Name, PremiumMonthly.Entitlement, PremiumMonthly.AppleProductId, PremiumMonthly.GoogleProductId,
        });
    }
}

public sealed class StoreNotificationConfiguration : IEntityTypeConfiguration<StoreNotification>
{
    public void Configure(EntityTypeBuilder<StoreNotification> builder)
    {
        builder.ToTable("store_notifications");
        // The replay key: a store's notification is recorded (and applied) once.
        builder.HasKey(n => new { n.Store, n.NotificationId });
        builder.Property(n => n.NotificationId).HasMaxLength(StoreNotification.MaxIdLength);
        builder.Property(n => n.Type).HasMaxLength(StoreEvent.MaxTypeLength);
        builder.Property(n => n.StoreTransactionId).HasMaxLength(Subscription.MaxStoreTransactionIdLength);
        builder.HasIndex(n => new { n.Store, n.StoreTransactionId });
    }
}
