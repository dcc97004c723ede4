using LearningPlatform.Application.Common;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Attempts;

/// <summary>
/// One question of a reviewed attempt, in the attempt's order: your choice (null if unanswered), the right one, the
/// points, and the explanation (null if the question has none). Shown for a practice exam at completion and for a
/// contest once its results are published — never before.
/// </summary>
public sealed record AnswerFeedbackDto(Guid QuestionId, Guid? ChoiceId, bool Correct, Guid CorrectChoiceId, int Points, string? Explanation);

/// <summary>An attempt's answers beside the right ones, from the exam's questions as answering reads them (the shared, cached pool).</summary>
public sealed class AnswerReview(ILearningDb db, IQuestionPools questions)
{
    public async Task<IReadOnlyList<AnswerFeedbackDto>> ForAsync(Guid attemptId, CancellationToken cancellationToken)
    {
        var attempt = await db.Attempts.AsNoTracking().Where(a => a.Id == attemptId)
            .Select(a => new { a.ExamId, a.QuestionOrder, Chosen = a.Responses.Select(r => new { r.QuestionId, r.ChoiceId }).ToList() })
            .SingleAsync(cancellationToken);
        var pool = await questions.GetAsync(attempt.ExamId, cancellationToken);
        var chosen = attempt.Chosen.ToDictionary(r => r.QuestionId, r => r.ChoiceId);
        return [.. attempt.QuestionOrder.Select(id =>
        {
            var question = pool[id];
            var correct = question.Choices.Single(c => c.IsCorrect).Id;
            Guid? choice = chosen.TryGetValue(id, out var c) ? c : null;
            return new AnswerFeedbackDto(id, choice, choice == correct, correct, question.Points, question.Explanation);
        })];
    }
}
