using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Ranking;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Ranking;

/// <summary>
/// One ranking run. <c>examRerankNeeded</c> is the exam's flag as it is now: an attempt was invalidated after the exam was
/// ranked, so it is not published until a rerun (trigger RERUN) has ranked it again.
/// </summary>
public sealed record RankingRunDto(
    Guid Id, Guid ExamId, RankingTrigger Trigger, Guid? RequestedBy, RankingRunStatus Status, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt,
    int? Participants, long? DurationMs, string? Error, bool ExamRerankNeeded);

/// <summary>Ranking runs, newest first, optionally of one exam (from the read replica).</summary>
public sealed class ListRankingRuns(ILearningReadDb db)
{
    public async Task<IReadOnlyList<RankingRunDto>> HandleAsync(Guid? examId, long offset, int limit, CancellationToken cancellationToken) =>
        await db.RankingRuns
            .Where(r => examId == null || r.ExamId == examId)
            .OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id)
            .Skip((int)offset)
            .Take(limit)
            .Select(r => new RankingRunRow { Run = r, ExamRerankNeeded = db.Exams.Any(e => e.Id == r.ExamId && e.RerankNeeded) })
            .ProjectToDto()
            .ToListAsync(cancellationToken);
}
