using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Exports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningPlatform.Infrastructure.Persistence.Configurations;

public sealed class ExportConfiguration : IEntityTypeConfiguration<Export>
{
    public void Configure(EntityTypeBuilder<Export> builder)
    {
        builder.ToTable("exports");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).ValueGeneratedNever();
        builder.Property(x => x.ObjectKey).HasMaxLength(200);
        builder.Property(x => x.Error).HasMaxLength(Export.MaxErrorLength);
        builder.Property(x => x.Version).IsRowVersion();
        builder.HasOne<Exam>().WithMany().HasForeignKey(x => x.ExamId).OnDelete(DeleteBehavior.Restrict);
        // One export per exam at a time, whatever two admins do at once.
        builder.HasIndex(x => x.ExamId, "ux_exports_one_active").IsUnique().HasFilter("status IN ('Pending', 'Running')")
            .HasDatabaseName("ux_exports_one_active");
        // The job's scan: what is waiting or running (for a lease that ran out), oldest first.
        builder.HasIndex(x => x.CreatedAt, "ix_exports_claimable").HasFilter("status IN ('Pending', 'Running')")
            .HasDatabaseName("ix_exports_claimable");
    }
}
