using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Attempts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Application.Attempts;

/// <summary>
/// The sweep behind lazy expiry: attempts still IN_PROGRESS after their time limit become EXPIRED (their answers
/// count, their result is written), so an abandoned attempt is ranked without the learner coming back.
/// </summary>
public sealed class ExpireOverdueAttempts(ILearningDb db, TimeProvider clock, ILogger<ExpireOverdueAttempts> logger)
{
    /// <summary>Expires up to <paramref name="batchSize"/> overdue attempts; returns how many.</summary>
    public async Task<int> HandleAsync(int batchSize, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var overdue = await db.Attempts
            .Where(a => a.Status == AttemptStatus.InProgress && a.ExpiresAt <= now)
            .OrderBy(a => a.ExpiresAt)
            .Take(batchSize)
            .ToListAsync(cancellationToken);
        if (overdue.Count == 0)
        {
            return 0;
        }

        foreach (var attempt in overdue)
        {
            attempt.ExpireIfDue(now);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A learner's request or another instance changed one of them first; the next round re-reads.
            db.Reset();
            logger.LogInformation("Expiry sweep lost a race on {Count} attempts; retrying next round", overdue.Count);
            return 0;
        }

        logger.LogInformation("Expiry sweep expired {Count} attempts", overdue.Count);
        return overdue.Count;
    }
}
