using LearningPlatform.Application.Common;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Learners;

/// <summary>One page of a learner's attempts, newest first, with each exam's title (an unknown learner has none: an empty page).</summary>
public sealed class ListLearnerAttempts(ILearningDb db)
{
    public Task<IReadOnlyList<LearnerAttemptDto>> HandleAsync(Guid learnerId, long offset, int limit, CancellationToken cancellationToken) =>
        PageAsync(db, learnerId, offset, limit, cancellationToken);

    internal static async Task<IReadOnlyList<LearnerAttemptDto>> PageAsync(
        ILearningDb db, Guid learnerId, long offset, int limit, CancellationToken cancellationToken) =>
        await (
                from a in db.Attempts.AsNoTracking()
                join e in db.Exams.AsNoTracking() on a.ExamId equals e.Id
                where a.LearnerId == learnerId
                orderby a.StartedAt descending, a.Id descending
                select new LearnerAttemptDto(
                    a.Id, a.ExamId, e.Title, a.AttemptNumber, a.Status, a.Score, a.AnsweredCount, a.StartedAt, a.ExpiresAt, a.FinishedAt,
                    a.FlaggedForReview, a.ReviewReason, a.InvalidatedReason))
            .Skip((int)offset).Take(limit)
            .ToListAsync(cancellationToken);
}
