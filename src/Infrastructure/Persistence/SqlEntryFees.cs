using LearningPlatform.Application.Wallets;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Ranking;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LearningPlatform.Infrastructure.Persistence;

/// <summary>Entry fees' SQL: the start's hold on the exam row and the cancellation's set-based refund.</summary>
internal sealed class SqlEntryFees(LearningDbContext db) : IEntryFees
{
    // FOR SHARE: starts of the same exam hold it together; a cancellation's UPDATE of the row waits for them, and a
    // start arriving after that UPDATE waits for the cancellation to end and then reads CANCELLED.
    private const string HoldExam = """SELECT ranking_status AS "Value" FROM exams WHERE id = @exam FOR SHARE""";

    // One refund per fee: the unique (exam, learner, reason) key turns a second refund (a retried or concurrent cancel)
    // into nothing, and only the rows inserted reach the wallets. A learner has at most one fee per exam, so the UPDATE
    // meets each wallet once.
    private const string Refund = """
        WITH refunded AS (
            INSERT INTO coin_ledger (id, learner_id, amount, reason, exam_id, created_at)
            SELECT gen_random_uuid(), f.learner_id, -f.amount, 'EntryRefund', f.exam_id, @now
            FROM coin_ledger f
            WHERE f.exam_id = @exam AND f.reason = 'EntryFee'
            ON CONFLICT (exam_id, learner_id, reason) WHERE exam_id IS NOT NULL DO NOTHING
            RETURNING learner_id, amount
        )
        UPDATE wallets w SET balance = w.balance + r.amount, updated_at = @now
        FROM refunded r
        WHERE w.learner_id = r.learner_id
        """;

    public async Task EnsureOpenForEntryAsync(Guid examId, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("The hold on the exam lasts for the caller's transaction.");
        }

        var status = await db.Database.SqlQueryRaw<string>(HoldExam, new NpgsqlParameter("exam", examId)).SingleOrDefaultAsync(cancellationToken)
            ?? throw ExamErrors.NotFound();
        switch (Enum.Parse<ExamRankingStatus>(status))
        {
            case ExamRankingStatus.Cancelled:
                throw ExamErrors.Cancelled();
            case not ExamRankingStatus.Open:
                // Closed for ranking between the start's read and this hold.
                var window = await db.Exams.Where(e => e.Id == examId).Select(e => new { e.OpensAt, e.ClosesAt }).SingleAsync(cancellationToken);
                throw ExamErrors.NotOpen(window.OpensAt, window.ClosesAt);
        }
    }

    public Task<int> RefundAsync(Guid examId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("The refund is made inside the cancellation's transaction.");
        }

        return db.Database.ExecuteSqlRawAsync(Refund, [new NpgsqlParameter("exam", examId), new NpgsqlParameter("now", now)], cancellationToken);
    }
}
