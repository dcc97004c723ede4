using Npgsql;

namespace LearningPlatform.TestSupport;

/// <summary>
/// The streaming replica scripts/test.sh starts beside the PostgreSQL server: a test database's connection string on it,
/// waiting for it to replay what the primary has written, and pausing its replay to make its lag visible.
/// </summary>
public static class ReplicaLag
{
    /// <summary>The same database as <paramref name="database"/>, on the replica.</summary>
    public static string ConnectionString(TestDatabase database) =>
        new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresReplicaAdmin) { Database = database.Name, MaxPoolSize = 20 }.ConnectionString;

    /// <summary>Waits (bounded) until the replica has replayed everything the primary had written when this was called.</summary>
    public static async Task CatchUpAsync(TimeSpan? timeout = null)
    {
        var target = await ScalarAsync<string>(TestEnvironment.PostgresAdmin, "SELECT pg_current_wal_lsn()::text");
        await RedisServerProcess.WaitUntilAsync(
            async () => await ScalarAsync<bool>(TestEnvironment.PostgresReplicaAdmin,
                $"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn AND NOT pg_is_wal_replay_paused()"),
            timeout ?? TimeSpan.FromSeconds(30), $"the replica to replay the primary's WAL up to {target}");
    }

    /// <summary>Stops the replica's replay until the returned handle is disposed (which resumes it).</summary>
    public static async Task<IAsyncDisposable> PauseAsync()
    {
        await ScalarAsync<object>(TestEnvironment.PostgresReplicaAdmin, "SELECT pg_wal_replay_pause()");
        await RedisServerProcess.WaitUntilAsync(
            async () => await ScalarAsync<string>(TestEnvironment.PostgresReplicaAdmin, "SELECT pg_get_wal_replay_pause_state()") == "paused",
            TimeSpan.FromSeconds(10), "the replica's replay to pause");
        return new Resume();
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private sealed class Resume : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await ScalarAsync<object>(TestEnvironment.PostgresReplicaAdmin, "SELECT pg_wal_replay_resume()");
    }
}
