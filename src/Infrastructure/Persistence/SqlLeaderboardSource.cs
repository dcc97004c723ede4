using System.Runtime.CompilerServices;
using LearningPlatform.Application.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LearningPlatform.Infrastructure.Persistence;

/// <summary>The leaderboards from PostgreSQL, streamed in order (never loaded whole).</summary>
internal sealed class SqlLeaderboardSource(LearningDbContext db) : ILeaderboardSource
{
    private const string Final = """
        SELECT position::bigint AS "Position", rank AS "Rank", learner_id AS "LearnerId", score AS "Score", total_elapsed_ms AS "TotalElapsedMs"
        FROM standings WHERE exam_id = @exam ORDER BY position
        """;

    // Each learner's best result not invalidated, ranked as the ranking will rank it.
    private const string Live = """
        SELECT row_number() OVER (ORDER BY c.score DESC, c.total_elapsed_ms, c.finished_at, c.learner_id) AS "Position",
               rank() OVER (ORDER BY c.score DESC, c.total_elapsed_ms)::int AS "Rank",
               c.learner_id AS "LearnerId", c.score AS "Score", c.total_elapsed_ms AS "TotalElapsedMs"
        FROM (
            SELECT DISTINCT ON (r.learner_id) r.learner_id, r.score, r.total_elapsed_ms, r.finished_at
            FROM exam_results r
            WHERE r.exam_id = @exam
              AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.id = r.attempt_id AND a.status = 'Invalidated')
            ORDER BY r.learner_id, r.score DESC, r.total_elapsed_ms, r.finished_at
        ) c
        ORDER BY 1
        """;

    public async IAsyncEnumerable<LeaderboardEntry> ReadAsync(Guid examId, bool final, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A connection of its own: the rebuild streams while the request's context may be used for other reads.
        await using var connection = new NpgsqlConnection(db.Database.GetConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(final ? Final : Live, connection);
        command.Parameters.AddWithValue("exam", examId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new LeaderboardEntry(
                reader.GetInt64(0), reader.GetInt32(1), reader.GetGuid(2), reader.GetInt32(3), reader.GetInt64(4));
        }
    }
}
