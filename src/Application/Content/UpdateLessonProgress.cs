using LearningPlatform.Application.Common;
using LearningPlatform.Application.Billing;
using LearningPlatform.Domain.Content;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Content;

/// <summary>
/// A device reports how far the learner got. The store keeps the furthest report (compare-and-set in SQL), so the
/// answer is what is stored, which may be ahead of this report (another device got further). Only for a lesson the
/// learner can see (404) and, when premium, use (403).
/// </summary>
public sealed class UpdateLessonProgress(ILearningDb db, IEntitlements entitlements, ILessonProgressStore store, TimeProvider clock)
{
    public async Task<LessonProgressDto> HandleAsync(Guid learnerId, Guid lessonId, UpdateLessonProgressRequest request, CancellationToken cancellationToken)
    {
        var lesson = await db.Lessons.AsNoTracking().VisibleToLearners(db.Courses).Where(l => l.Id == lessonId)
            .Select(l => new { l.IsPremium }).SingleOrDefaultAsync(cancellationToken) ?? throw ContentErrors.LessonNotFound();
        if (lesson.IsPremium && !await entitlements.IsEntitledAsync(learnerId, cancellationToken))
        {
            throw ContentErrors.SubscriptionRequired();
        }

        var report = LessonProgress.Report(
            learnerId, lessonId, request.Percent!.Value, request.Position!.Value, request.Completed ?? false, clock.GetUtcNow());
        return (await store.RecordAsync(report, cancellationToken)).ToDto();
    }
}
