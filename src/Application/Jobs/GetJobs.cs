using LearningPlatform.Application.Common;
using LearningPlatform.Application.Notifications;
using LearningPlatform.Application.Ranking;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Notifications;
using LearningPlatform.Domain.Ranking;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Jobs;

public sealed record JobsDto(IReadOnlyList<JobStatus> Jobs, IReadOnlyList<RankingRunDto> LastRankingRuns, OutboxBacklog Outbox, NextRanking NextRanking);

/// <summary>
/// When the nightly ranking runs next (<c>at</c>, from its schedule, the same on every instance) and how many contests it
/// would rank then: those ended by then and not ranked yet (<c>examsDue</c>).
/// </summary>
public sealed record NextRanking(DateTimeOffset At, int ExamsDue);

/// <summary>
/// The admin's view of the background work: this instance's jobs (schedule, last and next run), the last ranking runs
/// of all instances, the outbox backlog (pending, due, dead-lettered, oldest) and the next nightly ranking.
/// </summary>
public sealed class GetJobs(ILearningDb db, JobMonitor monitor, ListRankingRuns runs, IRankingCalendar calendar, TimeProvider clock)
{
    public const int RankingRunsShown = 10;

    public async Task<JobsDto> HandleAsync(CancellationToken cancellationToken) =>
        new(monitor.Snapshot(), await runs.HandleAsync(null, 0, RankingRunsShown, cancellationToken), await BacklogAsync(cancellationToken),
            await NextRankingAsync(cancellationToken));

    private async Task<NextRanking> NextRankingAsync(CancellationToken cancellationToken)
    {
        var at = calendar.NextRunAfter(clock.GetUtcNow());
        var due = await db.Exams.AsNoTracking().CountAsync(e =>
            e.Mode == ExamMode.Contest && e.ClosesAt <= at
            && (e.RankingStatus == ExamRankingStatus.Open || e.RankingStatus == ExamRankingStatus.Closed), cancellationToken);
        return new NextRanking(at, due);
    }

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
