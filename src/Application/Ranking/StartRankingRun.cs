using LearningPlatform.Domain.Ranking;

namespace LearningPlatform.Application.Ranking;

public sealed record RankingRunAccepted(Guid RunId, Guid ExamId, RankingRunStatus Status);

/// <summary>
/// The admin's "rank now": claims the ranking (lock, CLOSED → RANKING, a RUNNING run) and hands it to this instance's
/// worker, so the request answers at once with the run to follow.
/// </summary>
public sealed class StartRankingRun(RankExam rankExam, IRankingQueue queue)
{
    public async Task<RankingRunAccepted> HandleAsync(Guid examId, Guid adminId, CancellationToken cancellationToken)
    {
        var claim = await rankExam.ClaimAsync(examId, RankingTrigger.Manual, adminId, cancellationToken);
        // From here the run is this instance's: it continues after the response, whatever the client does.
        await queue.EnqueueAsync(claim, CancellationToken.None);
        return new RankingRunAccepted(claim.RunId, examId, RankingRunStatus.Running);
    }
}
