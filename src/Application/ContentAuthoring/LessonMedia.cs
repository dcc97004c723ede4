using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Content;
using LearningPlatform.Domain.Media;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.ContentAuthoring;

internal static class LessonMedia
{
    /// <summary>
    /// A lesson points only at media that passed the upload checks (size, type, magic number): its key must be where a
    /// COMPLETED upload of the same content type put its object, else 422 <c>media.not_completed</c>. A key the lesson
    /// already had is left alone (an edit of its title does not re-check it).
    /// </summary>
    public static async Task EnsureUploadedAsync(this ILearningDb db, LessonDefinition definition, LessonDefinition? current, CancellationToken cancellationToken)
    {
        if (definition.MediaKey is not { } key
            || (current?.MediaKey == key && current.MediaContentType == definition.MediaContentType))
        {
            return;
        }

        var uploaded = await db.MediaUploads.AnyAsync(
            u => u.MediaKey == key && u.Status == MediaUploadStatus.Completed && u.ContentType == definition.MediaContentType, cancellationToken);
        if (!uploaded)
        {
            throw MediaErrors.NotCompletedKey(key, definition.MediaContentType);
        }
    }
}
