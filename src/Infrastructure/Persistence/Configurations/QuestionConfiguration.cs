using LearningPlatform.Domain.Exams;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningPlatform.Infrastructure.Persistence.Configurations;

public sealed class QuestionConfiguration : IEntityTypeConfiguration<Question>
{
    public void Configure(EntityTypeBuilder<Question> builder)
    {
        builder.ToTable("questions", t => t.HasCheckConstraint("ck_questions_points", "points >= 1"));
        builder.HasKey(q => q.Id);
        builder.Property(q => q.Id).ValueGeneratedNever();
        builder.Property(q => q.Text).HasMaxLength(2000);
        builder.Property(q => q.Explanation).HasMaxLength(2000);
        // The pinned version, for an admin's "which exams use this question"; no foreign key: the copy stands alone.
        builder.HasIndex(q => q.SourceVersionId);
        builder.HasIndex(q => new { q.ExamId, q.Position }).IsUnique();
        builder.HasMany(q => q.Choices).WithOne().HasForeignKey(c => c.QuestionId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(q => q.Choices).HasField("_choices");
    }
}

public sealed class ChoiceConfiguration : IEntityTypeConfiguration<Choice>
{
    public void Configure(EntityTypeBuilder<Choice> builder)
    {
        builder.ToTable("choices");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Text).HasMaxLength(1000);
        builder.HasIndex(c => new { c.QuestionId, c.Position }).IsUnique();
        // At most one correct choice per question, whatever writes the rows.
        builder.HasIndex(c => c.QuestionId).IsUnique().HasFilter("is_correct").HasDatabaseName("ux_choices_one_correct");
    }
}
