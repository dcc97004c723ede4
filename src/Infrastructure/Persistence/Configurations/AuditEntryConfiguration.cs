using LearningPlatform.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningPlatform.Infrastructure.Persistence.Configurations;

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_log");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Action).HasMaxLength(AuditEntry.MaxActionLength);
        builder.Property(a => a.Details).HasColumnType("jsonb");
        builder.Property(a => a.Sequence).UseIdentityAlwaysColumn();
        // "What happened to this exam", newest first; and the whole log newest first.
        builder.HasIndex(a => new { a.Entity, a.EntityId, a.Sequence });
        builder.HasIndex(a => a.Sequence);
    }
}
