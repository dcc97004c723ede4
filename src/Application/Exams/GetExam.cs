using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Exams;

namespace LearningPlatform.Application.Exams;

/// <summary>One exam with the caller's attempts and when its results are due (for a countdown).</summary>
public sealed class GetExam(ILearningDb db, ExamCatalog catalog)
{
    public async Task<ExamDto> HandleAsync(Guid learnerId, Guid examId, CancellationToken cancellationToken) =>
        (await catalog.ListAsync(db.Exams.VisibleToLearners().Where(e => e.Id == examId), learnerId, cancellationToken)).SingleOrDefault()
        ?? throw ExamErrors.NotFound();
}
