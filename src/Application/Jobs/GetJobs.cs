using LearningPlatform.Application.Common;
using LearningPlatform.Application.Notifications;
using LearningPlatform.Application.Ranking;
using LearningPlatform.Domain.Notifications;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Jobs;

public sealed record JobsDto(IReadOnlyList<JobStatus> Jobs, IReadOnlyList<RankingRunDto> LastRankingRuns, OutboxBacklog Outbox);

/// <summary>
/// The admin's view of the background work: this instance's jobs (schedule, last and next run), the last ranking runs
/// of all instances, and the outbox backlog (pending, due, dead-lettered, oldest).
/// </summary>
public sealed class GetJobs(ILearningDb db, JobMonitor monitor, ListRankingRuns runs, TimeProvider clock)
{
    public const int RankingRunsShown = 10;

    public async Task<JobsDto> HandleAsync(CancellationToken cancellationToken) =>
        new(monitor.Snapshot(), await runs.HandleAsync(null, 0, RankingRunsShown, cancellationToken), await BacklogAsync(cancellationToken));

    private async Task<OutboxBacklog> BacklogAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var pending = db.Outbox.AsNoTracking().Where(m => m.Status == OutboxStatus.Pending);
        return new OutboxBacklog(
            await pending.CountAsync(cancellationToken),
            await pending.CountAsync(m => m.AvailableAt <= now, cancellationToken),
            await db.Outbox.CountAsync(m => m.Status == OutboxStatus.DeadLettered, cancellationToken),
            await pending.OrderBy(m => m.CreatedAt).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(cancellationToken));
    }
}
