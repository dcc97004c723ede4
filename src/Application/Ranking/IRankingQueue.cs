namespace LearningPlatform.Application.Ranking;

/// <summary>Hands a claimed ranking to this instance's background worker, so the admin's request can answer 202.</summary>
public interface IRankingQueue
{
    ValueTask EnqueueAsync(Ranking.RankingClaim claim, CancellationToken cancellationToken);
}
