using LearningPlatform.Domain.Attempts;
using LearningPlatform.Domain.Exams;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningPlatform.Infrastructure.Persistence.Configurations;

public sealed class AttemptConfiguration : IEntityTypeConfiguration<Attempt>
{
    public void Configure(EntityTypeBuilder<Attempt> builder)
    {
        builder.ToTable("attempts", t =>
        {
            t.HasCheckConstraint("ck_attempts_score", "score >= 0");
            t.HasCheckConstraint("ck_attempts_total_elapsed", "total_elapsed_ms >= 0");
            t.HasCheckConstraint("ck_attempts_expiry", "expires_at > started_at");
        });
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.TokenHash).HasMaxLength(64);
        builder.Property(a => a.ReviewReason).HasMaxLength(64);
        builder.Property(a => a.InvalidatedReason).HasMaxLength(500);
        builder.Property(a => a.Version).IsRowVersion();
        builder.Ignore(a => a.TimeLimitMs);

        builder.HasOne<Exam>().WithMany().HasForeignKey(a => a.ExamId).OnDelete(DeleteBehavior.Restrict);

        // A double start is impossible even if Redis forgot its lock: the attempt number is unique per learner
        // and exam, and at most one attempt per learner and exam is in progress.
        builder.HasIndex(a => new { a.ExamId, a.LearnerId, a.AttemptNumber }).IsUnique();
        builder.HasIndex(a => new { a.ExamId, a.LearnerId }).IsUnique()
            .HasFilter("status = 'InProgress'").HasDatabaseName("ux_attempts_one_in_progress");
        // The admin's learner lookup: one learner's attempts, newest first.
        builder.HasIndex(a => new { a.LearnerId, a.StartedAt });
        // The expiry sweep looks for attempts still in progress after their time limit.
        builder.HasIndex(a => a.ExpiresAt).HasFilter("status = 'InProgress'").HasDatabaseName("ix_attempts_in_progress_expiry");
        // The ranking leaves invalidated attempts out with an anti-join against these few rows.
        builder.HasIndex(a => a.Id).HasFilter("status = 'Invalidated'").HasDatabaseName("ix_attempts_invalidated");

        builder.HasMany(a => a.Responses).WithOne().HasForeignKey(r => r.AttemptId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(a => a.Responses).HasField("_responses");
        builder.HasOne(a => a.Result).WithOne().HasForeignKey<ExamResult>(r => r.AttemptId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ResponseConfiguration : IEntityTypeConfiguration<Response>
{
    public void Configure(EntityTypeBuilder<Response> builder)
    {
        builder.ToTable("responses", t => t.HasCheckConstraint("ck_responses_elapsed", "elapsed_ms >= 0 AND elapsed_ms <= claimed_elapsed_ms"));
        // One response per question of an attempt.
        builder.HasKey(r => new { r.AttemptId, r.QuestionId });
        builder.HasOne<Question>().WithMany().HasForeignKey(r => r.QuestionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Choice>().WithMany().HasForeignKey(r => r.ChoiceId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ExamResultConfiguration : IEntityTypeConfiguration<ExamResult>
{
    public void Configure(EntityTypeBuilder<ExamResult> builder)
    {
        builder.ToTable("exam_results");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        // One result per attempt: a double completion cannot write two.
        builder.HasIndex(r => r.AttemptId).IsUnique();
        builder.HasIndex(r => new { r.ExamId, r.LearnerId });
        builder.HasOne<Exam>().WithMany().HasForeignKey(r => r.ExamId).OnDelete(DeleteBehavior.Restrict);
    }
}
