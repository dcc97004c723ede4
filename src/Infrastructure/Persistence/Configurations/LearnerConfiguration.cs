using LearningPlatform.Domain.Learners;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningPlatform.Infrastructure.Persistence.Configurations;

public sealed class LearnerConfiguration : IEntityTypeConfiguration<Learner>
{
    public void Configure(EntityTypeBuilder<Learner> builder)
    {
        // The names a board shows are looked up by this primary key, a page's ids at a time (id = ANY(@ids)).
        builder.ToTable("learners");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).ValueGeneratedNever();
        // varchar(n) counts characters (code points), as the rule does.
        builder.Property(l => l.DisplayName).HasMaxLength(DisplayNameRule.MaxLength);
        builder.Property(l => l.Version).IsRowVersion();
        // The admin's learner lookup finds a name by any part of it (display_name ILIKE '%ann%'): a trigram index serves that
        // without reading every learner.
        builder.HasIndex(l => l.DisplayName).HasDatabaseName("ix_learners_display_name_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
    }
}
