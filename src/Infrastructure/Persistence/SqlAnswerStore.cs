using LearningPlatform.Application.Attempts;
using LearningPlatform.Domain.Attempts;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace LearningPlatform.Infrastructure.Persistence;

/// <summary>
/// <see cref="IAnswerStore"/> with a compiled, untracked query for the read and one hand-written statement for the
/// write: the <c>UPDATE</c> of the attempt (on its <c>xmin</c>, the same optimistic check as a tracked save) feeds the
/// response's <c>INSERT</c>, so both happen or neither, in one round trip and one commit. The rule deciding what is
/// written stays in <see cref="Attempt.Answer"/>; this only copies its outcome to the rows.
/// </summary>
internal sealed class SqlAnswerStore(LearningDbContext db) : IAnswerStore
{
    private static readonly Func<LearningDbContext, Guid, Guid, Guid, CancellationToken, Task<Attempt?>> Find =
        EF.CompileAsyncQuery((LearningDbContext context, Guid learnerId, Guid attemptId, Guid questionId, CancellationToken _) =>
            context.Attempts.AsNoTracking()
                .Include(a => a.Responses.Where(r => r.QuestionId == questionId))
                .SingleOrDefault(a => a.Id == attemptId && a.LearnerId == learnerId));

    public Task<Attempt?> FindAsync(Guid learnerId, Guid attemptId, Guid questionId, CancellationToken cancellationToken) =>
        Find(db, learnerId, attemptId, questionId, cancellationToken);

    public async Task SaveAnswerAsync(Attempt attempt, uint readVersion, Response response, CancellationToken cancellationToken)
    {
        var version = new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Xid, Value = readVersion };
        var reviewReason = new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Varchar, Value = (object?)attempt.ReviewReason ?? DBNull.Value };
        int inserted;
        try
        {
            inserted = await db.Database.ExecuteSqlAsync($"""
                WITH a AS (
                    UPDATE attempts
                    SET score = {attempt.Score}, answered_count = {attempt.AnsweredCount}, total_elapsed_ms = {attempt.TotalElapsedMs},
                        flagged_for_review = {attempt.FlaggedForReview}, review_reason = {reviewReason}
                    WHERE id = {attempt.Id} AND xmin = {version}
                    RETURNING id)
                INSERT INTO responses (attempt_id, question_id, choice_id, elapsed_ms, claimed_elapsed_ms, is_correct, answered_at)
                SELECT a.id, {response.QuestionId}, {response.ChoiceId}, {response.ElapsedMs}, {response.ClaimedElapsedMs},
                       {response.IsCorrect}, {response.AnsweredAt}
                FROM a
                """, cancellationToken);
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
}
