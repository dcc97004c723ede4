using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Ranking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Application.Ranking;

/// <summary>
/// The nightly pass: ranks every closed exam not ranked yet, oldest first, one after the other. An exam that another
/// instance is ranking is skipped; an exam left RANKING by an instance that died is ranked again.
/// </summary>
public sealed class RankClosedExams(ILearningDb db, RankExam rankExam, ILogger<RankClosedExams> logger)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var examIds = await db.Exams.AsNoTracking()
            .Where(e => e.RankingStatus == ExamRankingStatus.Closed || e.RankingStatus == ExamRankingStatus.Ranking)
            .OrderBy(e => e.ClosesAt)
            .Select(e => e.Id)
            .ToListAsync(cancellationToken);

        var ranked = 0;
        foreach (var examId in examIds)
        {
            RankingClaim claim;
            try
            {
                claim = await rankExam.ClaimAsync(examId, RankingTrigger.Scheduled, null, cancellationToken);
            }
            catch (RankingConflictException ex)
            {
                logger.LogInformation("Exam {ExamId} is being ranked elsewhere (run {RunId}); skipped", examId, ex.RunId);
                continue;
            }
            catch (DomainException ex) when (ex.Kind == DomainErrorKind.Conflict)
            {
                logger.LogInformation("Exam {ExamId} skipped: {Reason}", examId, ex.Message);
                continue;
            }

            var run = await rankExam.ExecuteAsync(claim, cancellationToken);
            ranked += run.Status == RankingRunStatus.Succeeded ? 1 : 0;
        }

        return ranked;
    }
}
