using LearningPlatform.Application.Common;
using LearningPlatform.Application.Ranking;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Rewards;
using LearningPlatform.Infrastructure.Persistence.Configurations;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LearningPlatform.Infrastructure.Persistence;

/// <summary>
/// The ranking as two set-based statements, inside the caller's transaction. The attempts stay in PostgreSQL: the
/// first statement writes every learner's standing with window functions, the second awards the prize zone (a few
/// rows) and credits coins and coupon rewards. This is the SQL form of <c>RankingRules</c> and <c>PrizeTable</c>;
/// the integration tests check the two agree row by row.
/// </summary>
internal sealed class SqlExamRanker(LearningDbContext db) : IExamRanker
{
    // Order and shared ranks as RankingSql spells them. With one attempt per learner, the DISTINCT ON of
    // BestCountedResultPerLearner (and its sort) is left out.
    private static string WriteStandings(string source) => $"""
        INSERT INTO standings (exam_id, position, rank, learner_id, result_id, score, total_elapsed_ms, finished_at)
        SELECT @exam, {RankingSql.Position}, {RankingSql.Rank}, c.learner_id, c.id, c.score, c.total_elapsed_ms, c.finished_at
        FROM ({source}) c
        """;

    // The prize zone is every rank up to the table's last position. A shared rank either splits the coins of all the
    // positions it covers (ShareEqually, rounded down; coupon positions add nothing) or gives each the prize of the
    // rank (EachFull). A coupon tier gives each tied learner a coupon reward. A score of 0 wins nothing.
    private const string AwardPrizes = """
        WITH tiers AS (
            SELECT * FROM jsonb_to_recordset(@tiers::jsonb -> 'tiers')
                AS t(from_rank int, to_rank int, coins bigint, coupon_campaign_id uuid)
        ), shared AS (
            SELECT rank, count(*)::int AS tied FROM standings
            WHERE exam_id = @exam AND position < @end AND score > 0
            GROUP BY rank
        ), prize AS (
            SELECT s.rank,
                   CASE WHEN head.coupon_campaign_id IS NOT NULL THEN NULL
                        WHEN @rule = 'EachFull' OR s.tied = 1 THEN head.coins
                        ELSE NULLIF((SELECT sum(t.coins * (least(t.to_rank, s.rank + s.tied - 1) - greatest(t.from_rank, s.rank) + 1))
                                     FROM tiers t
                                     WHERE t.coupon_campaign_id IS NULL AND t.from_rank <= s.rank + s.tied - 1 AND t.to_rank >= s.rank)
                                    / s.tied, 0)
                   END AS coins,
                   head.coupon_campaign_id
            FROM shared s JOIN tiers head ON s.rank BETWEEN head.from_rank AND head.to_rank
        ), awarded AS (
            UPDATE standings st SET prize_coins = p.coins, coupon_campaign_id = p.coupon_campaign_id
            FROM prize p
            WHERE st.exam_id = @exam AND st.position < @end AND st.rank = p.rank
              AND (p.coins IS NOT NULL OR p.coupon_campaign_id IS NOT NULL)
            RETURNING st.learner_id, st.prize_coins, st.coupon_campaign_id
        ), rewards AS (
            -- A first ranking finds no rewards; a rerun finds those of the ranking it replaces, which SettleRewards sorts out.
            INSERT INTO rewards (id, learner_id, exam_id, coupon_campaign_id, status, created_at, updated_at)
            SELECT gen_random_uuid(), learner_id, @exam, coupon_campaign_id, 'Assigned', @now, @now
            FROM awarded WHERE coupon_campaign_id IS NOT NULL
            ON CONFLICT (exam_id, learner_id) DO NOTHING
        ), credited AS (
            INSERT INTO coin_ledger (id, learner_id, amount, reason, exam_id, created_at)
            SELECT gen_random_uuid(), learner_id, prize_coins, 'ExamPrize', @exam, @now
            FROM awarded WHERE prize_coins IS NOT NULL
            RETURNING learner_id, amount
        )
        -- The balances move with the ledger, in this statement: a winner without a wallet gets one.
        INSERT INTO wallets (learner_id, balance, updated_at)
        SELECT learner_id, amount, @now FROM credited
        ON CONFLICT (learner_id) DO UPDATE SET balance = wallets.balance + excluded.balance, updated_at = excluded.updated_at
        """;

    // Winners are few (the prize zone). Each gets an inbox notification and the outbox message that pushes it, with
    // the same id (the stable message id the phone deduplicates on).
    private const string WinnerNotices = """
        WITH winners AS (
            SELECT s.learner_id, s.rank, s.prize_coins,
                   CASE WHEN s.prize_coins IS NOT NULL THEN format('Rank %s in %s: %s coins.', s.rank, @title, s.prize_coins)
                        ELSE format('Rank %s in %s: a coupon to claim.', s.rank, @title) END AS body
            FROM standings s
            WHERE s.exam_id = @exam AND s.position < @end AND (s.prize_coins IS NOT NULL OR s.coupon_campaign_id IS NOT NULL)
        ), inbox AS (
            INSERT INTO notifications (id, learner_id, type, title, body, deeplink, created_at)
            SELECT gen_random_uuid(), learner_id, 'exam.prize_won', 'You won a prize', body, @deeplink, @now FROM winners
            RETURNING id, learner_id, title, body
        )
        INSERT INTO outbox_messages (id, type, learner_id, topic, payload, dedupe_key, status, attempts, created_at, available_at)
        SELECT i.id, 'exam.prize_won', i.learner_id, NULL,
               -- The shape of PushPayload (title, body, deeplink, data of strings, and the publishing request's
               -- traceParent when there is one: jsonb_strip_nulls drops it otherwise, as ToJson does).
               jsonb_build_object('title', i.title, 'body', i.body, 'deeplink', @deeplink,
                                  'data', jsonb_build_object('examId', @exam::text, 'rank', w.rank::text, 'coins', w.prize_coins::text))
                 || jsonb_strip_nulls(jsonb_build_object('traceParent', @trace::text)),
               'exam.prize_won:' || @exam || ':' || i.learner_id, 'Pending', 0, @now, @now
        FROM inbox i JOIN winners w ON w.learner_id = i.learner_id
        """;

    // The prize zone is positions 1 .. end - 1: ranks never decrease along the positions, so it ends where the first
    // rank past the table's last prize position starts (found walking the primary key from there; a tie at the boundary
    // is usually short). Found first, by a statement of its own, and passed to the zone's statements as the value @end:
    // with `position < (that subquery)` in them the planner cannot know the range is short and scanned the whole
    // standings table, every exam's, for the winners (237 ms with two 1M exams in it, growing with every exam ranked;
    // decision 135). With a value, a custom plan walks the primary key over the zone.
    private const string PrizeZoneEnd = """
        SELECT coalesce((SELECT position FROM standings
                         WHERE exam_id = @exam AND position > @last AND rank > @last
                         ORDER BY position LIMIT 1), 2147483647) AS "Value"
        """;

    private const string CountWinners = """
        SELECT count(*)::int AS "Value" FROM standings
        WHERE exam_id = @exam AND position < @end AND (prize_coins IS NOT NULL OR coupon_campaign_id IS NOT NULL)
        """;

    // A rerun's rewards, once the new standings are written: an ASSIGNED reward the new ranking does not award (to that
    // learner, from that campaign) goes; a coupon prize whose learner holds no reward of the exam gets one.
    private const string RemoveRewardsNoLongerWon = """
        DELETE FROM rewards r
        WHERE r.exam_id = @exam AND r.status = 'Assigned'
          AND NOT EXISTS (SELECT 1 FROM standings s
                          WHERE s.exam_id = @exam AND s.learner_id = r.learner_id AND s.coupon_campaign_id = r.coupon_campaign_id)
        """;

    private const string AssignMissingRewards = """
        INSERT INTO rewards (id, learner_id, exam_id, coupon_campaign_id, status, created_at, updated_at)
        SELECT gen_random_uuid(), s.learner_id, @exam, s.coupon_campaign_id, 'Assigned', @now, @now
        FROM standings s
        WHERE s.exam_id = @exam AND s.position < @end AND s.coupon_campaign_id IS NOT NULL
        ON CONFLICT (exam_id, learner_id) DO NOTHING
        """;

    /// <summary>How long one ranking statement may run; a million attempts take seconds, not minutes.</summary>
    private static readonly TimeSpan StatementTimeout = TimeSpan.FromMinutes(10);

    public async Task<RankingWritten> WriteAsync(Exam exam, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("The ranking writes inside the caller's transaction.");
        }

        db.Database.SetCommandTimeout(StatementTimeout);
        var source = exam.MaxAttempts == 1 ? RankingSql.CountedResults : RankingSql.BestCountedResultPerLearner;
        var participants = await db.Database.ExecuteSqlRawAsync(
            WriteStandings(source),
            [new NpgsqlParameter("exam", exam.Id)], cancellationToken);

        if (exam.Prizes.LastPrizePosition == 0 || participants == 0)
        {
            return new RankingWritten(participants, 0, 0);
        }

        var end = await PrizeZoneEndAsync(exam, cancellationToken);
        await db.Database.ExecuteSqlRawAsync(AwardPrizes,
            [
                new NpgsqlParameter("exam", exam.Id),
                new NpgsqlParameter("tiers", PrizeTableJson.Write(exam.Prizes)),
                new NpgsqlParameter("end", end),
                new NpgsqlParameter("rule", exam.Prizes.Rule.ToString()),
                new NpgsqlParameter("now", now),
            ],
            cancellationToken);

        var paidOut = await db.CoinLedger.Where(c => c.ExamId == exam.Id && c.Reason == CoinEntryReason.ExamPrize)
            .SumAsync(c => c.Amount, cancellationToken);
        // From the standings' prize zone, not the rewards: a rerun leaves rewards of the ranking it replaces.
        var winners = await db.Database.SqlQueryRaw<int>(CountWinners, ZoneParameters(exam, end)).SingleAsync(cancellationToken);
        return new RankingWritten(participants, winners, paidOut);
    }

    public async Task<IReadOnlyList<PrizeCredit>> ClearAsync(Exam exam, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A rerun clears inside the caller's transaction.");
        }

        db.Database.SetCommandTimeout(StatementTimeout);
        await db.Standings.Where(s => s.ExamId == exam.Id).ExecuteDeleteAsync(cancellationToken);
        // Delete and rewrite rather than compensating entries: the ranking being replaced was never published, so no
        // learner could see or spend these coins, and the unique (exam, learner, reason) key keeps guarding "credited once".
        var prizes = db.CoinLedger.Where(c => c.ExamId == exam.Id && c.Reason == CoinEntryReason.ExamPrize);
        var credits = await prizes.OrderBy(c => c.LearnerId).Select(c => new PrizeCredit(c.LearnerId, c.Amount)).ToListAsync(cancellationToken);
        await prizes.ExecuteDeleteAsync(cancellationToken);
        return credits;
    }

    // A rerun's old prizes leave the wallets after its new ones came in (WriteAsync), so a learner who keeps a prize they
    // have spent is never below zero in between: the CHECK constraint is checked statement by statement.
    private const string TakeBackPrizes = """
        UPDATE wallets w SET balance = w.balance - c.amount, updated_at = @now
        FROM unnest(@learners, @amounts) AS c(learner_id, amount)
        WHERE w.learner_id = c.learner_id
        """;

    public async Task TakeBackAsync(IReadOnlyList<PrizeCredit> credits, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A rerun takes back its credits inside the caller's transaction.");
        }

        if (credits.Count == 0)
        {
            return;
        }

        try
        {
            await db.Database.ExecuteSqlRawAsync(TakeBackPrizes,
                [
                    new NpgsqlParameter("learners", credits.Select(c => c.LearnerId).ToArray()),
                    new NpgsqlParameter("amounts", credits.Select(c => c.Amount).ToArray()),
                    new NpgsqlParameter("now", now),
                ],
                cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.CheckViolation)
        {
            // The run fails with this as its reason; the previous ranking stays (and the exam unpublishable).
            throw new InvalidOperationException(
                "A learner has already spent prize coins this rerun would take back; their wallet cannot go below zero. Credit them by hand, then rerun.", e);
        }
    }

    public async Task<RewardsSettled> SettleRewardsAsync(Exam exam, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A rerun settles its rewards inside the caller's transaction.");
        }

        var removed = await db.Database.ExecuteSqlRawAsync(RemoveRewardsNoLongerWon, [new NpgsqlParameter("exam", exam.Id)], cancellationToken);
        var assigned = exam.Prizes.LastPrizePosition == 0 ? 0
            : await db.Database.ExecuteSqlRawAsync(AssignMissingRewards,
                [.. ZoneParameters(exam, await PrizeZoneEndAsync(exam, cancellationToken)), new NpgsqlParameter("now", now)], cancellationToken);
        return new RewardsSettled(removed, assigned);
    }

    /// <summary>The first position past the prize zone (int.MaxValue when the zone runs to the end of the board).</summary>
    private Task<int> PrizeZoneEndAsync(Exam exam, CancellationToken cancellationToken) =>
        db.Database.SqlQueryRaw<int>(PrizeZoneEnd, new NpgsqlParameter("exam", exam.Id), new NpgsqlParameter("last", exam.Prizes.LastPrizePosition))
            .SingleAsync(cancellationToken);

    private static NpgsqlParameter[] ZoneParameters(Exam exam, int end) =>
        [new NpgsqlParameter("exam", exam.Id), new NpgsqlParameter("end", end)];

    public async Task<int> WriteWinnerNoticesAsync(Exam exam, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("The notices are written inside the caller's transaction.");
        }

        db.Database.SetCommandTimeout(StatementTimeout);
        return await db.Database.ExecuteSqlRawAsync(WinnerNotices,
            [
                new NpgsqlParameter("exam", exam.Id),
                new NpgsqlParameter("end", await PrizeZoneEndAsync(exam, cancellationToken)),
                new NpgsqlParameter("title", exam.Title),
                new NpgsqlParameter("deeplink", Application.Ranking.PublishRanking.DeeplinkOf(exam.Id)),
                new NpgsqlParameter("now", now),
                new NpgsqlParameter("trace", NpgsqlTypes.NpgsqlDbType.Text)
                {
                    Value = (object?)Application.Notifications.PushPayload.CurrentTraceParent() ?? DBNull.Value,
                },
            ],
            cancellationToken);
    }
}
