using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Ranking;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.ExamAuthoring;

/// <summary>
/// What a learner would be served, with the answers: a scheduled exam's pinned questions, or for a draft one sample
/// of its items (draws are made afresh each time and not kept).
/// </summary>
public sealed class PreviewExam(ILearningDb db, ExamQuestionPicker picker)
{
    public async Task<ExamPreviewDto> HandleAsync(Guid examId, CancellationToken cancellationToken)
    {
        var exam = await db.Exams.AsNoTracking().Include(e => e.Questions).ThenInclude(q => q.Choices)
            .SingleOrDefaultAsync(e => e.Id == examId, cancellationToken) ?? throw ExamErrors.NotFound();
        if (exam.RankingStatus != ExamRankingStatus.Draft)
        {
            return new ExamPreviewDto(exam.Id, true, [.. exam.Questions.OrderBy(q => q.Position).Select((q, i) => new PreviewQuestionDto(
                i + 1, q.SourceVersionId, q.Text, q.Points, q.Explanation,
                [.. q.Choices.OrderBy(c => c.Position).Select(c => new PreviewChoiceDto(c.Text, c.IsCorrect))]))]);
        }

        var (questions, problems) = await picker.PickAsync(exam, cancellationToken);
        if (problems.Count > 0)
        {
            throw ExamErrors.NotSchedulable(problems);
        }

        return new ExamPreviewDto(exam.Id, false, [.. questions.Select((q, i) => new PreviewQuestionDto(
            i + 1, q.VersionId, q.Stem, q.Points, q.Explanation, [.. q.Choices.Select(c => new PreviewChoiceDto(c.Text, c.IsCorrect))]))]);
    }
}
