using LearningPlatform.Domain.Media;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningPlatform.Infrastructure.Persistence.Configurations;

public sealed class MediaUploadConfiguration : IEntityTypeConfiguration<MediaUpload>
{
    public void Configure(EntityTypeBuilder<MediaUpload> builder)
    {
        builder.ToTable("media_uploads");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).ValueGeneratedNever();
        builder.Ignore(u => u.Type);
        builder.Property(u => u.ContentType).HasMaxLength(100);
        builder.Property(u => u.FileName).HasMaxLength(MediaUpload.MaxFileNameLength);
        builder.Property(u => u.UploadKey).HasMaxLength(200);
        builder.Property(u => u.MediaKey).HasMaxLength(200);
        builder.Property(u => u.Version).IsRowVersion();
        // Two uploads never share an object.
        builder.HasIndex(u => u.UploadKey).IsUnique();
        // The cleanup's scan: only PENDING rows, oldest URL first.
        builder.HasIndex(u => u.ExpiresAt).HasFilter("status = 'Pending'");
    }
}
