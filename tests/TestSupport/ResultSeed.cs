using Npgsql;
using NpgsqlTypes;

namespace LearningPlatform.TestSupport;

/// <summary>One finished attempt to seed: who, how well, how fast, when, and whether an admin invalidated it.</summary>
public sealed record SeededResult(Guid LearnerId, int Score, long TotalElapsedMs, DateTimeOffset FinishedAt, bool Invalidated = false);

/// <summary>
/// Writes finished attempts and their results straight into the LearningDB, for ranking tests that need exact
/// scores and times (the API path is tested elsewhere).
/// </summary>
public static class ResultSeed
{
    public static async Task InsertAsync(string connectionString, Guid examId, IReadOnlyList<SeededResult> results)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var attemptIds = results.Select(_ => Guid.CreateVersion7()).ToArray();
        await using var command = new NpgsqlCommand("""
            WITH input AS (
                SELECT * FROM unnest(@attempt, @learner, @score, @total, @finished, @invalidated)
                    WITH ORDINALITY AS i(attempt_id, learner_id, score, total_elapsed_ms, finished_at, invalidated, n)
            ), numbered AS (
                SELECT input.*, row_number() OVER (PARTITION BY learner_id ORDER BY n) AS attempt_number FROM input
            ), attempts AS (
                INSERT INTO attempts (id, exam_id, learner_id, attempt_number, status, started_at, expires_at, finished_at,
                                      question_order, token_hash, score, total_elapsed_ms, flagged_for_review, answered_count)
                SELECT attempt_id, @exam, learner_id, attempt_number,
                       CASE WHEN invalidated THEN 'Invalidated' ELSE 'Completed' END,
                       finished_at - interval '10 minutes', finished_at + interval '1 minute', finished_at,
                       '{}'::uuid[], 'seeded', score, total_elapsed_ms, false, 0
                FROM numbered
            )
            INSERT INTO exam_results (id, exam_id, attempt_id, learner_id, score, total_elapsed_ms, answered, finished_at)
            SELECT gen_random_uuid(), @exam, attempt_id, learner_id, score, total_elapsed_ms, 0, finished_at FROM numbered
            """, connection);
        command.Parameters.AddWithValue("exam", examId);
        command.Parameters.AddWithValue("attempt", attemptIds);
        command.Parameters.AddWithValue("learner", results.Select(r => r.LearnerId).ToArray());
        command.Parameters.AddWithValue("score", results.Select(r => r.Score).ToArray());
        command.Parameters.AddWithValue("total", results.Select(r => r.TotalElapsedMs).ToArray());
        command.Parameters.Add(new NpgsqlParameter("finished", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
        {
            Value = results.Select(r => r.FinishedAt.UtcDateTime).ToArray(),
        });
        command.Parameters.AddWithValue("invalidated", results.Select(r => r.Invalidated).ToArray());
        await command.ExecuteNonQueryAsync();
    }
}
