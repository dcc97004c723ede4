using System.Runtime.CompilerServices;
using LearningPlatform.Application.Attempts;
using LearningPlatform.Domain.Attempts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
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
/// <para>
/// Memory (decision 130): every read and write leaves the attempt's row, its version (<c>xmin</c>) and the ids of the
/// questions it has answered in a bounded in-process cache, so the next answer to the same attempt is decided on that
/// and costs the write alone: one statement, one transaction. Any other writer (another instance, a completion, an
/// expiry, an invalidation) changes <c>xmin</c>, so the write then matches nothing; the same statement then reads the
/// row as it is now, which the retry decides on. A question the memory holds as answered is read afresh (a replay needs
/// the stored choice).
/// </para>
/// </summary>
internal sealed class SqlAnswerStore(string connectionString) : IAnswerStore, IDisposable
{
    /// <summary>Attempts remembered at most (about 1–2 kB each with a 50-question order): beyond, answers read first.</summary>
    public const int MaxRemembered = 20_000;

    // The attempt's row and the questions it has answered.
    private const string AttemptColumns = """
        a.exam_id, a.learner_id, a.attempt_number, a.status, a.started_at, a.expires_at, a.finished_at, a.question_order,
        a.token_hash, a.score, a.answered_count, a.total_elapsed_ms, a.flagged_for_review, a.review_reason,
        a.invalidated_reason, a.invalidated_by, a.xmin, ARRAY(SELECT q.question_id FROM responses q WHERE q.attempt_id = a.id)
        """;

    private const int AttemptColumnCount = 18;
    private const int VersionColumn = 16;

    private const string FindSql = $"""
        SELECT {AttemptColumns}, r.choice_id, r.elapsed_ms, r.claimed_elapsed_ms, r.is_correct, r.answered_at
        FROM attempts a
        LEFT JOIN responses r ON r.attempt_id = a.id AND r.question_id = $3
        WHERE a.id = $1 AND a.learner_id = $2
        """;

    // Written: one row (true, the new xmin). Not written because the attempt changed since its version was read: one row
    // (false, the attempt as it is now) from the same statement, so the retry needs no read of its own. The data-modifying
    // CTEs run whether or not the query reads them; NOT EXISTS is evaluated once, before the scan. The read-back names no
    // question (so its plan's estimate does not hang on one question's statistics): the response to the question would
    // not be used anyway, since an answered question is read afresh.
    private static readonly string SaveSql = $"""
        WITH w AS (
            UPDATE attempts
            SET score = $3, answered_count = $4, total_elapsed_ms = $5, flagged_for_review = $6, review_reason = $7
            WHERE id = $1 AND xmin = $2
            RETURNING xmin),
        i AS (
            INSERT INTO responses (attempt_id, question_id, choice_id, elapsed_ms, claimed_elapsed_ms, is_correct, answered_at)
            SELECT $1, $8, $9, $10, $11, $12, $13 FROM w)
        SELECT true, {string.Join(", ", Enumerable.Range(0, AttemptColumnCount).Select(i => i == VersionColumn ? "w.xmin AS version" : "NULL"))} FROM w
        UNION ALL
        SELECT false, {AttemptColumns}
        FROM attempts a
        WHERE a.id = $1 AND NOT EXISTS (SELECT 1 FROM w)
        """;

    private readonly MemoryCache _memory = new(new MemoryCacheOptions { SizeLimit = MaxRemembered });

    public async Task<AnswerRead?> FindAsync(Guid learnerId, Guid attemptId, Guid questionId, bool mayRecall, CancellationToken cancellationToken)
    {
        if (mayRecall && _memory.TryGetValue(attemptId, out AttemptRow? remembered) && remembered!.LearnerId == learnerId
            && Array.IndexOf(remembered.Answered, questionId) < 0)
        {
            return new AnswerRead(remembered.ToAttempt(attemptId, response: null), Recalled: true);
        }

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

        var (row, response) = ReadRow(reader, 0, attemptId, questionId, withResponse: true);
        Remember(attemptId, row);
        return new AnswerRead(row.ToAttempt(attemptId, response), Recalled: false);
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
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                // The attempt is gone (attempts are never deleted; kept for completeness).
                _memory.Remove(attempt.Id);
                throw new DbUpdateConcurrencyException("The attempt no longer exists.");
            }

            if (reader.GetBoolean(0))
            {
                // What the next answer to this attempt is decided on: the row as written, and the answered questions
                // as remembered at the version this write replaced (unknown if that memory is gone: read again then).
                var version = reader.GetFieldValue<uint>(1 + VersionColumn);
                if (_memory.TryGetValue(attempt.Id, out AttemptRow? before) && before!.Version == readVersion)
                {
                    Remember(attempt.Id, AttemptRow.Of(attempt, version, [.. before.Answered, response.QuestionId]));
                }
                else
                {
                    _memory.Remove(attempt.Id);
                }

                return;
            }

            // The attempt changed since it was read (another answer, a completion, an expiry): nothing was written, and
            // the row as it is now is remembered for the retry.
            Remember(attempt.Id, ReadRow(reader, 1, attempt.Id, response.QuestionId, withResponse: false).Row);
            throw new DbUpdateConcurrencyException("The attempt changed since it was read.");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // A concurrent request recorded this question first: the retry re-reads and meets its answer.
            _memory.Remove(attempt.Id);
            throw new DbUpdateException("The response was recorded concurrently.", e);
        }
    }

    public void Dispose() => _memory.Dispose();

    private void Remember(Guid attemptId, AttemptRow row)
    {
        if (row.Status == AttemptStatus.InProgress)
        {
            _memory.Set(attemptId, row, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = row.ExpiresAt });
        }
        else
        {
            _memory.Remove(attemptId);
        }
    }

    private static (AttemptRow Row, Response? Response) ReadRow(
        NpgsqlDataReader reader, int first, Guid attemptId, Guid questionId, bool withResponse)
    {
        int c(int column) => first + column;
        var row = new AttemptRow(
            reader.GetGuid(c(0)), reader.GetGuid(c(1)), reader.GetInt32(c(2)), Enum.Parse<AttemptStatus>(reader.GetString(c(3))),
            reader.GetFieldValue<DateTimeOffset>(c(4)), reader.GetFieldValue<DateTimeOffset>(c(5)),
            reader.IsDBNull(c(6)) ? null : reader.GetFieldValue<DateTimeOffset>(c(6)), reader.GetFieldValue<Guid[]>(c(7)),
            reader.GetString(c(8)), reader.GetInt32(c(9)), reader.GetInt32(c(10)), reader.GetInt64(c(11)), reader.GetBoolean(c(12)),
            reader.IsDBNull(c(13)) ? null : reader.GetString(c(13)), reader.IsDBNull(c(14)) ? null : reader.GetString(c(14)),
            reader.IsDBNull(c(15)) ? null : reader.GetGuid(c(15)), reader.GetFieldValue<uint>(c(VersionColumn)),
            reader.GetFieldValue<Guid[]>(c(17)));
        var response = !withResponse || reader.IsDBNull(c(18))
            ? null
            : Materialize.NewResponse(attemptId, questionId, reader.GetGuid(c(18)), reader.GetInt64(c(19)), reader.GetInt64(c(20)),
                reader.GetBoolean(c(21)), reader.GetFieldValue<DateTimeOffset>(c(22)));
        return (row, response);
    }

    /// <summary>An attempt's row at <see cref="Version"/>, with the ids of the questions it had answered then.</summary>
    private sealed record AttemptRow(
        Guid ExamId, Guid LearnerId, int AttemptNumber, AttemptStatus Status, DateTimeOffset StartedAt, DateTimeOffset ExpiresAt,
        DateTimeOffset? FinishedAt, Guid[] QuestionOrder, string TokenHash, int Score, int AnsweredCount, long TotalElapsedMs,
        bool FlaggedForReview, string? ReviewReason, string? InvalidatedReason, Guid? InvalidatedBy, uint Version, Guid[] Answered)
    {
        public static AttemptRow Of(Attempt a, uint version, Guid[] answered) => new(
            a.ExamId, a.LearnerId, a.AttemptNumber, a.Status, a.StartedAt, a.ExpiresAt, a.FinishedAt, a.QuestionOrder, a.TokenHash,
            a.Score, a.AnsweredCount, a.TotalElapsedMs, a.FlaggedForReview, a.ReviewReason, a.InvalidatedReason, a.InvalidatedBy,
            version, answered);

        public Attempt ToAttempt(Guid id, Response? response)
        {
            var attempt = Materialize.NewAttempt();
            Materialize.Id(attempt, id);
            Materialize.LearnerId(attempt, LearnerId);
            Materialize.ExamId(attempt, ExamId);
            Materialize.AttemptNumber(attempt, AttemptNumber);
            Materialize.Status(attempt, Status);
            Materialize.StartedAt(attempt, StartedAt);
            Materialize.ExpiresAt(attempt, ExpiresAt);
            Materialize.FinishedAt(attempt, FinishedAt);
            Materialize.QuestionOrder(attempt, QuestionOrder);
            Materialize.TokenHash(attempt, TokenHash);
            Materialize.Score(attempt, Score);
            Materialize.AnsweredCount(attempt, AnsweredCount);
            Materialize.TotalElapsedMs(attempt, TotalElapsedMs);
            Materialize.FlaggedForReview(attempt, FlaggedForReview);
            Materialize.ReviewReason(attempt, ReviewReason);
            Materialize.InvalidatedReason(attempt, InvalidatedReason);
            Materialize.InvalidatedBy(attempt, InvalidatedBy);
            Materialize.Version(attempt, Version);
            if (response is not null)
            {
                Materialize.Responses(attempt).Add(response);
            }

            return attempt;
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
