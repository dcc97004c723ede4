using LearningPlatform.Application.Common;
using LearningPlatform.Application.Billing;
using LearningPlatform.Domain.Content;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Content;

/// <summary>
/// A lesson to study, read from PostgreSQL (its text is not in the catalog cache): 404 unless it and its course are
/// published; a premium lesson needs an entitlement (403 <c>subscription.required</c>, nothing of its content in the
/// answer); its media with a download URL from <see cref="ILessonMediaUrls"/>.
/// </summary>
public sealed class GetLesson(ILearningDb db, IEntitlements entitlements, ILessonMediaUrls mediaUrls)
{
    public async Task<LessonDto> HandleAsync(Guid learnerId, Guid lessonId, CancellationToken cancellationToken)
    {
        var lesson = await db.Lessons.AsNoTracking().VisibleToLearners(db.Courses).SingleOrDefaultAsync(l => l.Id == lessonId, cancellationToken)
            ?? throw ContentErrors.LessonNotFound();
        if (lesson.IsPremium && !await entitlements.IsEntitledAsync(learnerId, cancellationToken))
        {
            throw ContentErrors.SubscriptionRequired();
        }

        var progress = await db.LessonProgress.AsNoTracking()
            .SingleOrDefaultAsync(p => p.LearnerId == learnerId && p.LessonId == lessonId, cancellationToken);
        LessonMediaDto? media = null;
        if (lesson is { MediaKey: { } key, MediaContentType: { } contentType })
        {
            var url = await mediaUrls.GetReadUrlAsync(key, contentType, cancellationToken);
            media = new LessonMediaDto(key, contentType, url?.Url, url?.ExpiresAt);
        }

        return new LessonDto(lesson.Id, lesson.CourseId, lesson.Title, lesson.Kind, lesson.Body, lesson.DurationSeconds, lesson.PageCount,
            lesson.IsPremium, media, progress?.ToDto());
    }
}
