using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Exams;

namespace LearningPlatform.Application.Exams;

/// <summary>Exams open now, coming up, or closed in the last 7 days, with the caller's attempts.</summary>
public sealed class ListExams(ILearningDb db, ExamCatalog catalog, TimeProvider clock)
{
    /// <summary>How long a finished exam stays in the list.</summary>
    public static readonly TimeSpan ListedAfterClosing = TimeSpan.FromDays(7);

    public Task<IReadOnlyList<ExamDto>> HandleAsync(Guid learnerId, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow() - ListedAfterClosing;
        return catalog.ListAsync(db.Exams.VisibleToLearners().Where(e => e.ClosesAt > since).OrderBy(e => e.OpensAt).Take(100), learnerId, cancellationToken);
    }
}
