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
    /// <summary>Ranks what it can; returns how many exams it ranked and how many it could not (to retry soon).</summary>
    public async Task<RankingPass> HandleAsync(CancellationToken cancellationToken)
    {
        var examIds = await db.Exams.AsNoTracking()
            .Where(e => e.RankingStatus == ExamRankingStatus.Closed || e.RankingStatus == ExamRankingStatus.Ranking)
            .OrderBy(e => e.ClosesAt)
            .Select(e => e.Id)
            .ToListAsync(cancellationToken);

        int ranked = 0, failed = 0;
        foreach (var examId in examIds)
        {
            var claim = await ClaimAsync(examId, cancellationToken);
            if (claim is null)
            {
                continue;
            }

            var run = await rankExam.ExecuteAsync(claim, cancellationToken);
            ranked += run.Status == RankingRunStatus.Succeeded ? 1 : 0;
            failed += run.Status == RankingRunStatus.Failed ? 1 : 0;
        }

        return new RankingPass(ranked, failed);
    }

    /// <summary>The claim, retried a few times when a learner's request touched the exam's stragglers at the same moment.</summary>
    private async Task<RankingClaim?> ClaimAsync(Guid examId, CancellationToken cancellationToken)
    {
        try
        {
            // RankExam reads the exam afresh on each try.
            return await ConcurrencyRetry.RunAsync(null,
                ct => rankExam.ClaimAsync(examId, RankingTrigger.Scheduled, null, ct), cancellationToken);
        }
        catch (DomainException ex) when (ex.Code == RankingErrors.AlreadyRunningCode)
        {
            logger.LogInformation("Exam {ExamId} is being ranked elsewhere (run {RunId}); skipped", examId, ex.Extensions.GetValueOrDefault("runId"));
            return null;
        }
        catch (DomainException ex) when (ex.Kind == DomainErrorKind.Conflict)
        {
            logger.LogInformation("Exam {ExamId} skipped: {Reason}", examId, ex.Message);
            return null;
        }
    }
}

public sealed record RankingPass(int Ranked, int Failed);
