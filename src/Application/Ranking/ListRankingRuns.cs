using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Ranking;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Ranking;

public sealed record RankingRunDto(
    Guid Id, Guid ExamId, RankingTrigger Trigger, Guid? RequestedBy, RankingRunStatus Status, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt,
    int? Participants, long? DurationMs, string? Error);

/// <summary>Ranking runs, newest first, optionally of one exam.</summary>
public sealed class ListRankingRuns(ILearningDb db)
{
    public const int MaxLimit = 100;

    public async Task<IReadOnlyList<RankingRunDto>> HandleAsync(Guid? examId, int limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxLimit)
        {
            throw RankingErrors.InvalidLimit(MaxLimit);
        }

        return await db.RankingRuns.AsNoTracking()
            .Where(r => examId == null || r.ExamId == examId)
            .OrderByDescending(r => r.StartedAt)
            .Take(limit)
            .ProjectToDto()
            .ToListAsync(cancellationToken);
    }
}
