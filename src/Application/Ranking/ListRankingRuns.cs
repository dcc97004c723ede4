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
    public async Task<IReadOnlyList<RankingRunDto>> HandleAsync(Guid? examId, long offset, int limit, CancellationToken cancellationToken) =>
        await db.RankingRuns.AsNoTracking()
            .Where(r => examId == null || r.ExamId == examId)
            .OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id)
            .Skip((int)offset)
            .Take(limit)
            .ProjectToDto()
            .ToListAsync(cancellationToken);
}
