namespace LearningPlatform.Infrastructure.Persistence;

/// <summary>
/// What the ranking counts and in which order, spelled once for the ranking itself (<see cref="SqlExamRanker"/>) and
/// the live leaderboard (<see cref="SqlLeaderboardSource"/>), so a provisional board ranks exactly as the final one will.
/// Every fragment takes the exam as <c>@exam</c> and yields <c>id, learner_id, score, total_elapsed_ms, finished_at</c>.
/// </summary>
internal static class RankingSql
{
    /// <summary>Every result of the exam whose attempt was not invalidated.</summary>
    public const string CountedResults = """
        SELECT r.id, r.learner_id, r.score, r.total_elapsed_ms, r.finished_at
        FROM exam_results r
        WHERE r.exam_id = @exam
          AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.id = r.attempt_id AND a.status = 'Invalidated')
        """;

    /// <summary>One row per learner: their best counted result.</summary>
    public const string BestCountedResultPerLearner = $"""
        SELECT DISTINCT ON (b.learner_id) b.*
        FROM ({CountedResults}) b
        ORDER BY b.learner_id, b.score DESC, b.total_elapsed_ms, b.finished_at, b.id
        """;

    /// <summary>
    /// The place in the order over a source aliased <c>c</c>: score desc, total time asc, then completion (and learner
    /// id, so positions are deterministic).
    /// </summary>
    public const string Position = "row_number() OVER (ORDER BY c.score DESC, c.total_elapsed_ms, c.finished_at, c.learner_id)";

    /// <summary>The shared rank over a source aliased <c>c</c>: equal (score, total time) share a rank, the next skips (1, 2, 2, 4).</summary>
    public const string Rank = "rank() OVER (ORDER BY c.score DESC, c.total_elapsed_ms)";
}
