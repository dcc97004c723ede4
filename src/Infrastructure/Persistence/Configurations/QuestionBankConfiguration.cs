using LearningPlatform.Domain.QuestionBank;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningPlatform.Infrastructure.Persistence.Configurations;

public sealed class QuestionCategoryConfiguration : IEntityTypeConfiguration<QuestionCategory>
{
    public void Configure(EntityTypeBuilder<QuestionCategory> builder)
    {
        builder.ToTable("question_categories");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Name).HasMaxLength(QuestionCategory.MaxNameLength);
        // Two admins creating "Geography" at once: one wins, the other gets 409.
        builder.HasIndex(c => c.Name).IsUnique();
    }
}

public sealed class BankQuestionConfiguration : IEntityTypeConfiguration<BankQuestion>
{
    public void Configure(EntityTypeBuilder<BankQuestion> builder)
    {
        builder.ToTable("bank_questions", t => t.HasCheckConstraint("ck_bank_questions_version", "current_version >= 1"));
        builder.HasKey(q => q.Id);
        builder.Property(q => q.Id).ValueGeneratedNever();
        builder.Property(q => q.RowVersion).IsRowVersion();
        builder.HasOne<QuestionCategory>().WithMany().HasForeignKey(q => q.CategoryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(q => new { q.CategoryId, q.Status });
    }
}

public sealed class QuestionVersionConfiguration : IEntityTypeConfiguration<QuestionVersion>
{
    public void Configure(EntityTypeBuilder<QuestionVersion> builder)
    {
        builder.ToTable("question_versions", t => t.HasCheckConstraint("ck_question_versions_points", "points BETWEEN 1 AND 1000"));
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.Property(v => v.Title).HasMaxLength(QuestionContent.MaxTitleLength);
        builder.Property(v => v.Stem).HasMaxLength(QuestionContent.MaxStemLength);
        builder.Property(v => v.Explanation).HasMaxLength(QuestionContent.MaxExplanationLength);
        builder.Property(v => v.DuplicateKey).HasMaxLength(64);
        builder.Property(v => v.Choices).HasJsonConversion();
        builder.HasOne<BankQuestion>().WithMany().HasForeignKey(v => v.QuestionId).OnDelete(DeleteBehavior.Restrict);
        // Version n of a question exists once: two concurrent edits cannot both write version n + 1.
        builder.HasIndex(v => new { v.QuestionId, v.Number }).IsUnique();
        // An import finds the questions it would duplicate by this key.
        builder.HasIndex(v => v.DuplicateKey);
        // Pools draw by tags: GIN for "has all these tags" (@>).
        builder.HasIndex(v => v.Tags).HasMethod("gin");
    }
}

public sealed class QuestionPoolConfiguration : IEntityTypeConfiguration<QuestionPool>
{
    public void Configure(EntityTypeBuilder<QuestionPool> builder)
    {
        builder.ToTable("question_pools");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Name).HasMaxLength(QuestionPool.MaxNameLength);
        builder.HasOne<QuestionCategory>().WithMany().HasForeignKey(p => p.CategoryId).OnDelete(DeleteBehavior.Restrict);
    }
}
