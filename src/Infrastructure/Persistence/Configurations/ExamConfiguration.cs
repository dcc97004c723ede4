using LearningPlatform.Domain.Exams;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningPlatform.Infrastructure.Persistence.Configurations;

public sealed class ExamConfiguration : IEntityTypeConfiguration<Exam>
{
    public void Configure(EntityTypeBuilder<Exam> builder)
    {
        builder.ToTable("exams", t =>
        {
            t.HasCheckConstraint("ck_exams_window", "closes_at > opens_at");
            t.HasCheckConstraint("ck_exams_duration", "duration_seconds > 0");
            t.HasCheckConstraint("ck_exams_max_attempts", "max_attempts >= 1");
        });
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Title).HasMaxLength(200);
        builder.Ignore(e => e.Duration);
        // The scheduler looks for exams still open after their window.
        builder.HasIndex(e => new { e.RankingStatus, e.ClosesAt });
        builder.HasMany(e => e.Questions).WithOne().HasForeignKey(q => q.ExamId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(e => e.Questions).HasField("_questions");
    }
}
