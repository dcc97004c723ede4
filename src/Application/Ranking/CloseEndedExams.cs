using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Ranking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Application.Ranking;

/// <summary>
/// Closes every exam whose window has ended (OPEN → CLOSED), so it can be ranked. Run by the ranking scheduler at
/// start-up (catching up on exams that ended while no instance ran) and at every scheduled time.
/// </summary>
public sealed class CloseEndedExams(ILearningDb db, TimeProvider clock, ILogger<CloseEndedExams> logger)
{
    public async Task<int> HandleAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var ended = await db.Exams
            .Where(e => e.Mode == ExamMode.Contest && e.RankingStatus == ExamRankingStatus.Open && e.ClosesAt <= now)
            .ToListAsync(cancellationToken);
        foreach (var exam in ended)
        {
            exam.Close(now);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another instance closed some of them first; they are closed either way.
            db.Reset();
            return 0;
        }

        if (ended.Count > 0)
        {
            logger.LogInformation("Closed {Count} ended exams: {ExamIds}", ended.Count, ended.Select(e => e.Id));
        }

        return ended.Count;
    }
}
