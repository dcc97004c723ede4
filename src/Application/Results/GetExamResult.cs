using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Attempts;
using LearningPlatform.Domain.Exams;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Results;

/// <summary>The final screen. Until the ranking is published it only says PENDING and how far the learner got.</summary>
public sealed record ExamResultDto(Guid ExamId, Guid AttemptId, string Status, int Answered, int TotalQuestions, DateTimeOffset FinishedAt);

public sealed class GetExamResult(ILearningDb db)
{
    public async Task<ExamResultDto> HandleAsync(Guid learnerId, Guid examId, CancellationToken cancellationToken)
    {
        if (!await db.Exams.AnyAsync(e => e.Id == examId, cancellationToken))
        {
            throw ExamErrors.NotFound();
        }

        var result = await db.Results.AsNoTracking()
            .Where(r => r.ExamId == examId && r.LearnerId == learnerId)
            .OrderByDescending(r => r.FinishedAt)
            .Select(r => new
            {
                r.AttemptId,
                r.Answered,
                r.FinishedAt,
                Total = db.Attempts.Where(a => a.Id == r.AttemptId).Select(a => a.QuestionOrder.Length).First(),
            })
            .FirstOrDefaultAsync(cancellationToken) ?? throw AppErrors.ResultNotFound();

        var status = "PENDING";
        return new ExamResultDto(examId, result.AttemptId, status, result.Answered, result.Total, result.FinishedAt);
    }
}
