namespace LearningPlatform.Domain.Ranking;

/// <summary>
/// <c>DRAFT → OPEN → CLOSED → RANKING → RANKED → PUBLISHED</c>, <c>RANKING → CLOSED</c> when a run fails, and
/// <c>OPEN → DRAFT</c> (unscheduled) before the window opens. OPEN is stored from scheduling on: the window decides
/// whether learners can start yet (the admin API calls an OPEN exam before its window SCHEDULED). A rerun goes
/// <c>RANKED → RANKING → RANKED</c> (back to RANKED when it fails). <c>OPEN | CLOSED → CANCELLED</c> by an admin before
/// any ranking (every entry fee refunded); CANCELLED is final: never started, ranked or published.
/// </summary>
public enum ExamRankingStatus
{
    Draft,
    Open,
    Closed,
    Ranking,
    Ranked,
    Published,
    Cancelled,
}
