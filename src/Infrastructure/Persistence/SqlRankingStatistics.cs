using LearningPlatform.Application.Ranking;
using Npgsql;

namespace LearningPlatform.Infrastructure.Persistence;

/// <summary>
/// The charts' counts, grouped in PostgreSQL over the same counted results the ranking uses (<see cref="RankingSql"/>), on
/// the read replica when there is one: only a row per bucket comes back.
/// </summary>
internal sealed class SqlRankingStatistics(LearningDbConnections connections) : IRankingStatistics
{
    public async Task<IReadOnlyDictionary<int, long>> ScoreCountsAsync(
        Guid examId, bool fromStandings, int width, int buckets, CancellationToken cancellationToken)
    {
        var source = fromStandings ? "SELECT score FROM standings WHERE exam_id = @exam" : RankingSql.BestCountedResultPerLearner;
        var counts = new Dictionary<int, long>();
        await ReadAsync($"""
            SELECT least(greatest(c.score, 0) / @width, @buckets - 1) AS bucket, count(*)
            FROM ({source}) c
            GROUP BY 1
            """, examId, cancellationToken, r => counts[r.GetInt32(0)] = r.GetInt64(1), ("width", width), ("buckets", buckets));
        return counts;
    }

    public async Task<IReadOnlyDictionary<int, (long Completions, long NewParticipants)>> CompletionCountsAsync(
        Guid examId, DateTimeOffset from, DateTimeOffset to, int buckets, CancellationToken cancellationToken)
    {
        // width_bucket is 1-based, 0 below the range and buckets + 1 above it: those are clamped to the first and last.
        var counts = new Dictionary<int, (long, long)>();
        await ReadAsync($"""
            WITH c AS ({RankingSql.CountedResults}),
                 firsts AS (SELECT min(finished_at) AS finished_at FROM c GROUP BY learner_id)
            SELECT least(greatest(width_bucket(extract(epoch FROM x.finished_at), @from, @to, @buckets), 1), @buckets) - 1 AS bucket,
                   sum(x.completion), sum(x.first)
            FROM (SELECT finished_at, 1 AS completion, 0 AS first FROM c
                  UNION ALL
                  SELECT finished_at, 0, 1 FROM firsts) x
            GROUP BY 1
            """, examId, cancellationToken, r => counts[r.GetInt32(0)] = (r.GetInt64(1), r.GetInt64(2)),
            ("from", (double)from.ToUnixTimeMilliseconds() / 1000), ("to", (double)to.ToUnixTimeMilliseconds() / 1000), ("buckets", buckets));
        return counts;
    }

    public async Task<long> ParticipantsAsync(Guid examId, bool fromStandings, CancellationToken cancellationToken)
    {
        long participants = 0;
        await ReadAsync(fromStandings
                ? "SELECT count(*) FROM standings WHERE exam_id = @exam"
                : $"SELECT count(DISTINCT c.learner_id) FROM ({RankingSql.CountedResults}) c",
            examId, cancellationToken, r => participants = r.GetInt64(0));
        return participants;
    }

    private async Task ReadAsync(
        string sql, Guid examId, CancellationToken cancellationToken, Action<NpgsqlDataReader> row, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connections.Read);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("exam", examId);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            row(reader);
        }
    }
}
