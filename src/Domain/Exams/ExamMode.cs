namespace LearningPlatform.Domain.Exams;

/// <summary>
/// CONTEST: ranked, with prizes; nothing that tells a right answer from a wrong one (score, rank, correctness) is shown
/// to anyone before the exam's window closes. PRACTICE: immediate feedback at completion; never ranked, no prizes, no
/// leaderboard.
/// </summary>
public enum ExamMode
{
    Contest,
    Practice,
}

/// <summary>What an exam's leaderboard may show at a given moment.</summary>
public enum BoardVisibility
{
    /// <summary>A practice exam has no board.</summary>
    None,

    /// <summary>A contest still open: only how many learners completed. Any order of them would leak the answers.</summary>
    CountOnly,

    /// <summary>A contest whose window closed, not yet published: scores and ranks, provisional.</summary>
    Provisional,

    /// <summary>Published: the ranking's standings.</summary>
    Final,
}
