using System.Runtime.CompilerServices;
using LearningPlatform.Application.Attempts;
using LearningPlatform.Domain.Attempts;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace LearningPlatform.Infrastructure.Persistence;

/// <summary>
/// <see cref="IAnswerStore"/> in plain Npgsql on the same connection pool as the DbContext (decision 78): one
/// statement reads the attempt with its response to the question, one statement writes the answer. The write's
/// <c>UPDATE</c> of the attempt (on its <c>xmin</c>, the optimistic check a tracked save makes) feeds the response's
/// <c>INSERT</c>, so both happen or neither, in one round trip and one commit. What is written is decided by
/// <see cref="Attempt.Answer"/>; this only copies the outcome to the rows. The attempt is materialized like EF Core
/// does it, through its private constructor and setters (here with <see cref="UnsafeAccessorAttribute"/>): the
/// columns are those of <c>AttemptConfiguration</c>, and the tests of the answer path run through this store.
/// </summary>
internal sealed class SqlAnswerStore(string connectionString) : IAnswerStore
{
    private const string FindSql = """
        SELECT a.exam_id, a.attempt_number, a.status, a.started_at, a.expires_at, a.finished_at, a.question_order, a.token_hash,
               a.score, a.answered_count, a.total_elapsed_ms, a.flagged_for_review, a.review_reason, a.invalidated_reason,
               a.invalidated_by, a.xmin,
               r.choice_id, r.elapsed_ms, r.claimed_elapsed_ms, r.is_correct, r.answered_at
        FROM attempts a
        LEFT JOIN responses r ON r.attempt_id = a.id AND r.question_id = $3
        WHERE a.id = $1 AND a.learner_id = $2
        """;

    private const string SaveSql = """
        WITH a AS (
            UPDATE attempts
            SET score = $3, answered_count = $4, total_elapsed_ms = $5, flagged_for_review = $6, review_reason = $7
            WHERE id = $1 AND xmin = $2
            RETURNING id)
        INSERT INTO responses (attempt_id, question_id, choice_id, elapsed_ms, claimed_elapsed_ms, is_correct, answered_at)
        SELECT a.id, $8, $9, $10, $11, $12, $13 FROM a
        """;

    public async Task<Attempt?> FindAsync(Guid learnerId, Guid attemptId, Guid questionId, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(FindSql, connection)
        {
            Parameters =
            {
                new NpgsqlParameter<Guid> { TypedValue = attemptId },
                new NpgsqlParameter<Guid> { TypedValue = learnerId },
                new NpgsqlParameter<Guid> { TypedValue = questionId },
            },
        };
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SingleRow, cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var attempt = Materialize.NewAttempt();
        Materialize.Id(attempt, attemptId);
        Materialize.LearnerId(attempt, learnerId);
        Materialize.ExamId(attempt, reader.GetGuid(0));
        Materialize.AttemptNumber(attempt, reader.GetInt32(1));
        Materialize.Status(attempt, Enum.Parse<AttemptStatus>(reader.GetString(2)));
        Materialize.StartedAt(attempt, reader.GetFieldValue<DateTimeOffset>(3));
        Materialize.ExpiresAt(attempt, reader.GetFieldValue<DateTimeOffset>(4));
        Materialize.FinishedAt(attempt, reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5));
        Materialize.QuestionOrder(attempt, reader.GetFieldValue<Guid[]>(6));
        Materialize.TokenHash(attempt, reader.GetString(7));
        Materialize.Score(attempt, reader.GetInt32(8));
        Materialize.AnsweredCount(attempt, reader.GetInt32(9));
        Materialize.TotalElapsedMs(attempt, reader.GetInt64(10));
        Materialize.FlaggedForReview(attempt, reader.GetBoolean(11));
        Materialize.ReviewReason(attempt, reader.IsDBNull(12) ? null : reader.GetString(12));
        Materialize.InvalidatedReason(attempt, reader.IsDBNull(13) ? null : reader.GetString(13));
        Materialize.InvalidatedBy(attempt, reader.IsDBNull(14) ? null : reader.GetGuid(14));
        Materialize.Version(attempt, reader.GetFieldValue<uint>(15));
        if (!reader.IsDBNull(16))
        {
            Materialize.Responses(attempt).Add(Materialize.NewResponse(
                attemptId, questionId, reader.GetGuid(16), reader.GetInt64(17), reader.GetInt64(18), reader.GetBoolean(19),
                reader.GetFieldValue<DateTimeOffset>(20)));
        }

        return attempt;
    }

    public async Task SaveAnswerAsync(Attempt attempt, uint readVersion, Response response, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(SaveSql, connection)
        {
            Parameters =
            {
                new NpgsqlParameter<Guid> { TypedValue = attempt.Id },
                new NpgsqlParameter<uint> { NpgsqlDbType = NpgsqlDbType.Xid, TypedValue = readVersion },
                new NpgsqlParameter<int> { TypedValue = attempt.Score },
                new NpgsqlParameter<int> { TypedValue = attempt.AnsweredCount },
                new NpgsqlParameter<long> { TypedValue = attempt.TotalElapsedMs },
                new NpgsqlParameter<bool> { TypedValue = attempt.FlaggedForReview },
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Varchar, Value = (object?)attempt.ReviewReason ?? DBNull.Value },
                new NpgsqlParameter<Guid> { TypedValue = response.QuestionId },
                new NpgsqlParameter<Guid> { TypedValue = response.ChoiceId },
                new NpgsqlParameter<long> { TypedValue = response.ElapsedMs },
                new NpgsqlParameter<long> { TypedValue = response.ClaimedElapsedMs },
                new NpgsqlParameter<bool> { TypedValue = response.IsCorrect },
                new NpgsqlParameter<DateTimeOffset> { TypedValue = response.AnsweredAt },
            },
        };
        int inserted;
        try
        {
            inserted = await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // A concurrent request recorded this question first: the retry re-reads and meets its answer.
            throw new DbUpdateException("The response was recorded concurrently.", e);
        }

        if (inserted == 0)
        {
            // The attempt changed since it was read (another answer, a completion, an expiry): nothing was written.
            throw new DbUpdateConcurrencyException("The attempt changed since it was read.");
        }
    }

    /// <summary>The private constructors and setters EF Core materializes these entities through.</summary>
    private static class Materialize
    {
        [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
        public static extern Attempt NewAttempt();

        [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
        public static extern Response NewResponse(
            Guid attemptId, Guid questionId, Guid choiceId, long elapsedMs, long claimedElapsedMs, bool isCorrect, DateTimeOffset answeredAt);

        [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_responses")]
        public static extern ref List<Response> Responses(Attempt attempt);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Id")]
        public static extern void Id(Attempt attempt, Guid value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_ExamId")]
        public static extern void ExamId(Attempt attempt, Guid value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_LearnerId")]
        public static extern void LearnerId(Attempt attempt, Guid value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_AttemptNumber")]
        public static extern void AttemptNumber(Attempt attempt, int value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Status")]
        public static extern void Status(Attempt attempt, AttemptStatus value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_StartedAt")]
        public static extern void StartedAt(Attempt attempt, DateTimeOffset value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_ExpiresAt")]
        public static extern void ExpiresAt(Attempt attempt, DateTimeOffset value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_FinishedAt")]
        public static extern void FinishedAt(Attempt attempt, DateTimeOffset? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_QuestionOrder")]
        public static extern void QuestionOrder(Attempt attempt, Guid[] value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_TokenHash")]
        public static extern void TokenHash(Attempt attempt, string value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Score")]
        public static extern void Score(Attempt attempt, int value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_AnsweredCount")]
        public static extern void AnsweredCount(Attempt attempt, int value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_TotalElapsedMs")]
        public static extern void TotalElapsedMs(Attempt attempt, long value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_FlaggedForReview")]
        public static extern void FlaggedForReview(Attempt attempt, bool value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_ReviewReason")]
        public static extern void ReviewReason(Attempt attempt, string? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_InvalidatedReason")]
        public static extern void InvalidatedReason(Attempt attempt, string? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_InvalidatedBy")]
        public static extern void InvalidatedBy(Attempt attempt, Guid? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Version")]
        public static extern void Version(Attempt attempt, uint value);
    }
}
