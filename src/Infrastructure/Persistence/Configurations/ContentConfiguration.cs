using LearningPlatform.Domain.Content;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningPlatform.Infrastructure.Persistence.Configurations;

public sealed class CourseConfiguration : IEntityTypeConfiguration<Course>
{
    public void Configure(EntityTypeBuilder<Course> builder)
    {
        builder.ToTable("courses");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Title).HasMaxLength(Course.MaxTitleLength);
        builder.Property(c => c.Summary).HasMaxLength(Course.MaxSummaryLength);
        builder.Property(c => c.CoverImageKey).HasMaxLength(MediaRules.MaxKeyLength);
        builder.Property(c => c.Version).IsRowVersion();
        // Not unique: two courses created at once may share a place until the next reorder (ties go by creation).
        builder.HasIndex(c => c.SortOrder);
    }
}

public sealed class LessonConfiguration : IEntityTypeConfiguration<Lesson>
{
    public void Configure(EntityTypeBuilder<Lesson> builder)
    {
        builder.ToTable("lessons", t =>
        {
            t.HasCheckConstraint("ck_lessons_media", "(media_key IS NULL) = (media_content_type IS NULL)");
            t.HasCheckConstraint("ck_lessons_duration", $"duration_seconds IS NULL OR duration_seconds BETWEEN 1 AND {Lesson.MaxDurationSeconds}");
            t.HasCheckConstraint("ck_lessons_pages", $"page_count IS NULL OR page_count BETWEEN 1 AND {Lesson.MaxPageCount}");
        });
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.Title).HasMaxLength(Lesson.MaxTitleLength);
        builder.Property(l => l.Body).HasMaxLength(Lesson.MaxBodyLength);
        builder.Property(l => l.MediaKey).HasMaxLength(MediaRules.MaxKeyLength);
        builder.Property(l => l.MediaContentType).HasMaxLength(64);
        builder.Property(l => l.Version).IsRowVersion();
        builder.Ignore(l => l.Definition);
        // A course's lessons go with it (only an unpublished course is deleted).
        builder.HasOne<Course>().WithMany().HasForeignKey(l => l.CourseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(l => new { l.CourseId, l.SortOrder });
    }
}

public sealed class LessonProgressConfiguration : IEntityTypeConfiguration<LessonProgress>
{
    public void Configure(EntityTypeBuilder<LessonProgress> builder)
    {
        // Written only by SqlLessonProgressStore's compare-and-set; the checks hold the domain's invariants anyway:
        // completed exactly when at 100 percent.
        builder.ToTable("lesson_progress", t =>
        {
            t.HasCheckConstraint("ck_lesson_progress_percent", $"percent BETWEEN 0 AND {LessonProgress.Complete}");
            t.HasCheckConstraint("ck_lesson_progress_position", $"position BETWEEN 0 AND {LessonProgress.MaxPosition}");
            t.HasCheckConstraint("ck_lesson_progress_completed", $"(percent = {LessonProgress.Complete}) = (completed_at IS NOT NULL)");
        });
        // One row per learner and lesson: the key the upsert's ON CONFLICT names; a learner's rows are read by its prefix.
        builder.HasKey(p => new { p.LearnerId, p.LessonId });
        builder.Ignore(p => p.IsCompleted);
        builder.HasOne<Lesson>().WithMany().HasForeignKey(p => p.LessonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => p.LessonId);
    }
}
