using System.Runtime.CompilerServices;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.Leaderboards;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LearningPlatform.Infrastructure.Persistence;

/// <summary>
/// The leaderboards from PostgreSQL: streamed in order for a rebuild, or one page or window at a time. A rebuild reads the
/// primary (the board it fills is kept, and a completion the replica has not replayed yet would be missing from it until it
/// expires); pages, windows and counts are what readers get while Redis is away, and read the replica when there is one
/// and the <see cref="ReplicaMonitor"/> finds it usable (the primary otherwise, and at once when the replica refuses the
/// connection).
/// </summary>
internal sealed class SqlLeaderboardSource(LearningDbContext db, LearningDbConnections connections, ReplicaMonitor? monitor = null)
    : ILeaderboardSource
{
    // position as stored (integer, read as long): ordering or filtering on a cast of it could not use the primary key,
    // so a publish sorted the whole board in PostgreSQL (on disk past work_mem) before its first row (decision 123).
    private const string Final = """
        SELECT position AS "Position", rank AS "Rank", learner_id AS "LearnerId", score AS "Score", total_elapsed_ms AS "TotalElapsedMs"
        FROM standings WHERE exam_id = @exam
        """;

    // Each learner's best counted result, ranked as the ranking will rank it.
    private const string Live = $"""
        SELECT {RankingSql.Position} AS "Position", {RankingSql.Rank}::int AS "Rank",
               c.learner_id AS "LearnerId", c.score AS "Score", c.total_elapsed_ms AS "TotalElapsedMs"
        FROM ({RankingSql.BestCountedResultPerLearner}) c
        """;

    public IAsyncEnumerable<LeaderboardEntry> ReadAsync(Guid examId, bool final, CancellationToken cancellationToken) =>
        StreamAsync($"SELECT * FROM ({(final ? Final : Live)}) b ORDER BY \"Position\"", examId, [], cancellationToken, replica: false);

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
        await using var command = await CommandAsync(final
            ? "SELECT count(*) FROM standings WHERE exam_id = @exam"
            : $"SELECT count(DISTINCT c.learner_id) FROM ({RankingSql.CountedResults}) c", examId, [], cancellationToken, replica: true);
        await using var connection = command.Connection!;
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<long?> FinalPositionAsync(Guid examId, Guid learnerId, CancellationToken cancellationToken)
    {
        // The primary: a board is published once its standings committed there; a lagging replica could miss the row
        // and answer "not on the board" just after a publish. The (exam_id, learner_id) unique index finds the row.
        await using var command = await CommandAsync("SELECT position FROM standings WHERE exam_id = @exam AND learner_id = @learner",
            examId, [("learner", learnerId)], cancellationToken, replica: false);
        await using var connection = command.Connection!;
        return await command.ExecuteScalarAsync(cancellationToken) is int position ? position : null;
    }

    private async Task<IReadOnlyList<LeaderboardEntry>> QueryAsync(
        string sql, Guid examId, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        var entries = new List<LeaderboardEntry>();
        await foreach (var entry in StreamAsync(sql, examId, parameters, cancellationToken))
        {
            entries.Add(entry);
        }

        return entries;
    }

    private async IAsyncEnumerable<LeaderboardEntry> StreamAsync(
        string sql, Guid examId, (string Name, object Value)[] parameters, [EnumeratorCancellation] CancellationToken cancellationToken,
        bool replica = true)
    {
        await using var command = await CommandAsync(sql, examId, parameters, cancellationToken, replica);
        await using var connection = command.Connection!;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new LeaderboardEntry(reader.GetInt64(0), reader.GetInt32(1), reader.GetGuid(2), reader.GetInt32(3), reader.GetInt64(4));
        }
    }

    /// <summary>
    /// A command on a connection of its own (the caller disposes both): a rebuild streams while the request's context
    /// may be used for other reads.
    /// </summary>
    private async Task<NpgsqlCommand> CommandAsync(
        string sql, Guid examId, (string Name, object Value)[] parameters, CancellationToken cancellationToken, bool replica)
    {
        var primary = db.Database.GetConnectionString()!;
        NpgsqlConnection connection;
        if (replica && connections.HasReplica && monitor?.InUse != false)
        {
            try
            {
                connection = await OpenAsync(connections.Read, cancellationToken);
            }
            catch (NpgsqlException e) when (!cancellationToken.IsCancellationRequested)
            {
                // The replica went away since its last check: this read and the next ones go to the primary.
                monitor?.ConnectionFailed(e);
                connection = await OpenAsync(primary, cancellationToken);
            }
        }
        else
        {
            connection = await OpenAsync(primary, cancellationToken);
        }

        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("exam", examId);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
