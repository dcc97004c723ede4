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
            t.HasCheckConstraint("ck_exams_terms", "entry_fee >= 0 AND guaranteed_pool >= 0 AND rake_basis_points BETWEEN 0 AND 10000");
        });
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Title).HasMaxLength(Exam.MaxTitleLength);
        builder.Property(e => e.Description).HasMaxLength(Exam.MaxDescriptionLength);
        builder.Property(e => e.Items).HasJsonConversion().HasDefaultValueSql("'[]'::jsonb");
        builder.Ignore(e => e.Duration);
        builder.Property(e => e.Version).IsRowVersion();
        builder.Property(e => e.Mode).HasDefaultValue(ExamMode.Contest).HasSentinel(ExamMode.Contest);
        builder.Property(e => e.Prizes).HasColumnType("jsonb").HasDefaultValueSql("'{\"rule\": \"ShareEqually\", \"tiers\": []}'::jsonb")
            .HasConversion(PrizeTableJson.Converter, PrizeTableJson.Comparer);
        builder.OwnsOne(e => e.Economics, economics =>
        {
            economics.Property(x => x.Participants).HasColumnName("economics_participants");
            economics.Property(x => x.FeesCollected).HasColumnName("economics_fees_collected");
            economics.Property(x => x.Rake).HasColumnName("economics_rake");
            economics.Property(x => x.PrizePool).HasColumnName("economics_prize_pool");
            economics.Property(x => x.PaidOut).HasColumnName("economics_paid_out");
        });
        // The scheduler looks for exams still open after their window.
        builder.HasIndex(e => new { e.RankingStatus, e.ClosesAt });
        builder.HasMany(e => e.Questions).WithOne().HasForeignKey(q => q.ExamId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(e => e.Questions).HasField("_questions");
    }
}
