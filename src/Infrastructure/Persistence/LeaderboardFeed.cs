using System.Runtime.CompilerServices;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.Leaderboards;
using LearningPlatform.Domain.Attempts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Infrastructure.Persistence;

/// <summary>
/// Feeds the live leaderboard: after a save that wrote results (a completion, a lazy or swept expiry, a ranking's
/// stragglers) each is added to the exam's board in Redis. Results come from several use cases; hooking the save
/// keeps any of them from forgetting. Best effort, whatever the failure (a timeout, a refused command): the save has
/// committed and stands, the failure is logged, and the board is dropped (<see cref="StaleLeaderboards"/>) so that the
/// next read rebuilds it from PostgreSQL with this result in it.
/// </summary>
internal sealed class LeaderboardFeed(ILeaderboardCache leaderboard, StaleLeaderboards stale, ILogger<LeaderboardFeed> logger)
    : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, List<ExamResult>> _pending = [];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            var added = context.ChangeTracker.Entries<ExamResult>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
            if (added.Count > 0)
            {
                _pending.AddOrUpdate(context, added);
            }
        }

        return ValueTask.FromResult(result);
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && _pending.TryGetValue(context, out var results))
        {
            _pending.Remove(context);
            foreach (var r in results)
            {
                try
                {
                    await stale.RepairAsync(r.ExamId, leaderboard);
                    await leaderboard.RecordAsync(r.ExamId, r.LearnerId, r.Score, r.TotalElapsedMs, CancellationToken.None);
                }
                catch (Exception ex)
                {
                    logger.LogWarning("Live leaderboard of exam {ExamId} missed learner {LearnerId} ({Error}); it is dropped to be rebuilt",
                        r.ExamId, r.LearnerId, ex.Message);
                    await stale.InvalidateAsync(r.ExamId, leaderboard);
                }
            }
        }

        return result;
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            _pending.Remove(context);
        }

        return Task.CompletedTask;
    }
}
