using System.Collections.Concurrent;
using LearningPlatform.Application.Common;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Application.Leaderboards;

/// <summary>
/// Boards that missed a write after its change had committed (a completion the live board did not record, an invalidated
/// attempt it still shows), whose invalidation failed too (Redis away). This instance drops such a board at its next read or feed of the exam, so the
/// read after that rebuilds it from PostgreSQL; a request whose change committed never fails because of it.
/// </summary>
public sealed class StaleLeaderboards(ILogger<StaleLeaderboards> logger)
{
    private readonly ConcurrentDictionary<Guid, byte> _stale = new();

    /// <summary>After a failed write: drops the board now if Redis lets us, else remembers to.</summary>
    public async Task InvalidateAsync(Guid examId, ILeaderboardCache cache)
    {
        _stale[examId] = 0;
        await RepairAsync(examId, cache);
    }

    /// <summary>Drops the board if it is known to be stale. True when it was (the next read rebuilds it).</summary>
    public async Task<bool> RepairAsync(Guid examId, ILeaderboardCache cache)
    {
        if (_stale.IsEmpty || !_stale.ContainsKey(examId))
        {
            return false;
        }

        try
        {
            await cache.ForgetAsync(examId, CancellationToken.None);
            _stale.TryRemove(examId, out _);
            logger.LogInformation("Leaderboard of exam {ExamId} dropped after a missed write; the next read rebuilds it", examId);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Leaderboard of exam {ExamId} is stale and could not be dropped yet: {Error}", examId, ex.Message);
            return false;
        }
    }
}
