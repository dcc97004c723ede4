using System.Runtime.CompilerServices;
using LearningPlatform.Application.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LearningPlatform.Infrastructure.Persistence;

/// <summary>The leaderboards from PostgreSQL: streamed in order for a rebuild, or one page or window at a time.</summary>
internal sealed class SqlLeaderboardSource(LearningDbContext db) : ILeaderboardSource
{
    private const string Final = """
        SELECT position::bigint AS "Position", rank AS "Rank", learner_id AS "LearnerId", score AS "Score", total_elapsed_ms AS "TotalElapsedMs"
        FROM standings WHERE exam_id = @exam
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
        """;

    public async IAsyncEnumerable<LeaderboardEntry> ReadAsync(Guid examId, bool final, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A connection of its own: the rebuild streams while the request's context may be used for other reads.
        await using var connection = new NpgsqlConnection(db.Database.GetConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT * FROM ({(final ? Final : Live)}) b ORDER BY \"Position\"", connection);
        command.Parameters.AddWithValue("exam", examId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return Entry(reader);
        }
    }

    public Task<IReadOnlyList<LeaderboardEntry>> PageAsync(Guid examId, bool final, long offset, int limit, CancellationToken cancellationToken) =>
        QueryAsync(
            $"SELECT * FROM ({(final ? Final : Live)}) b WHERE \"Position\" > @offset AND \"Position\" <= @offset + @limit ORDER BY \"Position\"",
            examId, cancellationToken, ("offset", offset), ("limit", (long)limit));

    public Task<IReadOnlyList<LeaderboardEntry>> AroundAsync(Guid examId, bool final, Guid learnerId, int radius, CancellationToken cancellationToken) =>
        final
            // The learner's standing by its unique index, then a range of the primary key.
            ? QueryAsync($"""
                SELECT * FROM ({Final}) b
                WHERE "Position" BETWEEN (SELECT position - @radius FROM standings WHERE exam_id = @exam AND learner_id = @learner)
                                     AND (SELECT position + @radius FROM standings WHERE exam_id = @exam AND learner_id = @learner)
                ORDER BY "Position"
                """, examId, cancellationToken, ("learner", learnerId), ("radius", radius))
            : QueryAsync($"""
                WITH b AS ({Live}), me AS (SELECT "Position" FROM b WHERE "LearnerId" = @learner)
                SELECT b.* FROM b, me WHERE b."Position" BETWEEN me."Position" - @radius AND me."Position" + @radius
                ORDER BY b."Position"
                """, examId, cancellationToken, ("learner", learnerId), ("radius", (long)radius));

    public async Task<long> CountAsync(Guid examId, bool final, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(db.Database.GetConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(final
            ? "SELECT count(*) FROM standings WHERE exam_id = @exam"
            : """
              SELECT count(DISTINCT r.learner_id) FROM exam_results r
              WHERE r.exam_id = @exam AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.id = r.attempt_id AND a.status = 'Invalidated')
              """, connection);
        command.Parameters.AddWithValue("exam", examId);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<IReadOnlyList<LeaderboardEntry>> QueryAsync(
        string sql, Guid examId, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(db.Database.GetConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("exam", examId);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var entries = new List<LeaderboardEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(Entry(reader));
        }

        return entries;
    }

    private static LeaderboardEntry Entry(NpgsqlDataReader reader) =>
        new(reader.GetInt64(0), reader.GetInt32(1), reader.GetGuid(2), reader.GetInt32(3), reader.GetInt64(4));
}
