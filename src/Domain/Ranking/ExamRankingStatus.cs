namespace LearningPlatform.Domain.Ranking;

/// <summary>
/// <c>OPEN → CLOSED → RANKING → RANKED → PUBLISHED</c>, and <c>RANKING → CLOSED</c> when a run fails; a rerun goes
/// <c>RANKED → RANKING → RANKED</c> (back to RANKED when it fails).
/// </summary>
public enum ExamRankingStatus
{
    Open,
    Closed,
    Ranking,
    Ranked,
    Published,
}
