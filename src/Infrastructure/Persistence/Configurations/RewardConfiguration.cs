using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Notifications;
using LearningPlatform.Domain.Rewards;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningPlatform.Infrastructure.Persistence.Configurations;

public sealed class RewardConfiguration : IEntityTypeConfiguration<Reward>
{
    public void Configure(EntityTypeBuilder<Reward> builder)
    {
        builder.ToTable("rewards");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Version).IsRowVersion();
        // An exam awards a learner at most one reward.
        builder.HasIndex(r => new { r.ExamId, r.LearnerId }).IsUnique();
        builder.HasIndex(r => new { r.LearnerId, r.CreatedAt });
        builder.HasIndex(r => new { r.Status, r.CreatedAt });
        builder.HasIndex(r => r.CouponId).IsUnique().HasFilter("coupon_id IS NOT NULL");
        builder.HasOne<Exam>().WithMany().HasForeignKey(r => r.ExamId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Coupon>().WithMany().HasForeignKey(r => r.CouponId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.Transitions).WithOne().HasForeignKey(t => t.RewardId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(r => r.Transitions).HasField("_transitions");
    }
}

public sealed class RewardTransitionConfiguration : IEntityTypeConfiguration<RewardTransition>
{
    public void Configure(EntityTypeBuilder<RewardTransition> builder)
    {
        builder.ToTable("reward_transitions");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Reason).HasMaxLength(Reward.MaxReasonLength);
        builder.HasIndex(t => new { t.RewardId, t.At });
    }
}

public sealed class CouponConfiguration : IEntityTypeConfiguration<Coupon>
{
    public void Configure(EntityTypeBuilder<Coupon> builder)
    {
        builder.ToTable("coupons");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.CodeHash).HasMaxLength(64);
        builder.Property(c => c.Masked).HasMaxLength(200);
        builder.Property(c => c.Version).IsRowVersion();
        // The same code is never imported twice, in any campaign.
        builder.HasIndex(c => c.CodeHash).IsUnique();
        // A claim takes the oldest available coupon of its campaign.
        builder.HasIndex(c => new { c.CampaignId, c.ImportedAt }).HasFilter("status = 'Available'").HasDatabaseName("ix_coupons_available");
        // The campaign list counts each campaign's stock by status from this index alone.
        builder.HasIndex(c => new { c.CampaignId, c.Status });
        builder.HasOne<CouponCampaign>().WithMany().HasForeignKey(c => c.CampaignId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class CouponCampaignConfiguration : IEntityTypeConfiguration<CouponCampaign>
{
    public void Configure(EntityTypeBuilder<CouponCampaign> builder)
    {
        builder.ToTable("coupon_campaigns");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Name).HasMaxLength(CouponCampaign.MaxNameLength);
        builder.Property(c => c.Description).HasMaxLength(CouponCampaign.MaxDescriptionLength);
        // Admins pick a campaign by its name (the stock import, a prize table): two of the same name could not be told apart.
        builder.HasIndex(c => c.Name).IsUnique();
    }
}

public sealed class DeviceConfiguration : IEntityTypeConfiguration<Device>
{
    public void Configure(EntityTypeBuilder<Device> builder)
    {
        builder.ToTable("devices");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Token).HasMaxLength(Device.MaxTokenLength);
        builder.Property(d => d.DisabledReason).HasMaxLength(200);
        builder.Ignore(d => d.IsEnabled);
        // A token belongs to one learner at a time.
        builder.HasIndex(d => d.Token).IsUnique();
        builder.HasIndex(d => d.LearnerId);
    }
}

public sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("notifications");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.Type).HasMaxLength(64);
        builder.Property(n => n.Title).HasMaxLength(200);
        builder.Property(n => n.Body).HasMaxLength(1000);
        builder.Property(n => n.Deeplink).HasMaxLength(500);
        builder.HasIndex(n => new { n.LearnerId, n.CreatedAt });
    }
}

public sealed class NotificationDispatchConfiguration : IEntityTypeConfiguration<NotificationDispatch>
{
    public void Configure(EntityTypeBuilder<NotificationDispatch> builder)
    {
        builder.ToTable("notification_dispatches");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Topic).HasMaxLength(200);
        builder.Property(d => d.ProviderMessageId).HasMaxLength(300);
        builder.HasIndex(d => d.OutboxMessageId).IsUnique();
    }
}
