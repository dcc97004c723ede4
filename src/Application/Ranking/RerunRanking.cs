using LearningPlatform.Domain.Ranking;

namespace LearningPlatform.Application.Ranking;

/// <summary>
/// The admin's "rank again" for a RANKED exam not yet published (after an invalidation: <c>rerankNeeded</c>): claims it
/// (lock, RANKED → RANKING, a RUNNING run with trigger RERUN) and hands it to this instance's worker, like
/// <see cref="StartRankingRun"/>. The run replaces the previous ranking in one transaction: standings, prize credits and
/// the rewards that follow them (<see cref="RankExam"/>).
/// </summary>
public sealed class RerunRanking(RankExam rankExam, IRankingQueue queue)
{
    public async Task<RankingRunAccepted> HandleAsync(Guid examId, Guid adminId, CancellationToken cancellationToken)
    {
        var claim = await rankExam.ClaimAsync(examId, RankingTrigger.Rerun, adminId, cancellationToken);
        // From here the run is this instance's: it continues after the response, whatever the client does.
        await queue.EnqueueAsync(claim, CancellationToken.None);
        return new RankingRunAccepted(claim.RunId, examId, RankingRunStatus.Running);
    }
}
