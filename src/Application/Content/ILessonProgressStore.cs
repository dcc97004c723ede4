using LearningPlatform.Domain.Content;

namespace LearningPlatform.Application.Content;

/// <summary>Where progress reports land: set-based, so two devices reporting at once cannot undo each other.</summary>
public interface ILessonProgressStore
{
    /// <summary>
    /// Applies <paramref name="report"/> as <see cref="LessonProgress.Merge"/> says, as one compare-and-set statement
    /// (never read-modify-write), and returns what is stored afterwards — which may be ahead of the report.
    /// </summary>
    Task<LessonProgress> RecordAsync(LessonProgress report, CancellationToken cancellationToken);
}
