using Npgsql;

namespace LearningPlatform.TestSupport;

/// <summary>
/// Where the servers started by <c>scripts/test.sh</c> listen. Tests never start PostgreSQL themselves;
/// run them through the script (or export the same variables for an IDE).
/// </summary>
public static class TestEnvironment
{
    public static string PostgresAdmin => Require("LP_TEST_PG");
    /// <summary>The admin connection (database "postgres") of the streaming replica of <see cref="PostgresAdmin"/>'s server.</summary>
    public static string PostgresReplicaAdmin => Require("LP_TEST_PG_REPLICA");
    public static string Redis => Require("LP_TEST_REDIS");
    /// <summary>The s3rver's base URL.</summary>
    public static string S3 => Require("LP_TEST_S3");
    /// <summary>The OpenAPI linter scripts/test.sh installs (@stoplight/spectral-cli).</summary>
    public static string Spectral => Require("LP_SPECTRAL");

    public static string RedisServerBinary => Environment.GetEnvironmentVariable("LP_REDIS_SERVER") ?? "redis-server";

    private static string Require(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set: run the tests with scripts/test.sh, which starts PostgreSQL and Redis and exports it.");

    /// <summary>The browser origin test buckets take uploads from (the admin app's, as served by a gateway).</summary>
    public const string AdminOrigin = "http://127.0.0.1:5000";

    /// <summary>
    /// The settings of a host on the test s3rver with a bucket of its own (created at start). s3rver knows one account
    /// only: access key and secret <c>S3RVER</c>.
    /// </summary>

    public static IEnumerable<KeyValuePair<string, string>> S3Settings(string bucket) =>
    [
        new("S3:ServiceUrl", S3),
        new("S3:Bucket", bucket),
        new("S3:AccessKey", "S3RVER"),
        new("S3:SecretKey", "S3RVER"),
        new("S3:CreateBucket", "true"),
        new("S3:BrowserOrigins:0", AdminOrigin),
    ];

    /// <summary>A bucket name of its own (lower case letters, digits and '-', 3..63 characters).</summary>
    public static string UniqueBucket() => $"lp-{Guid.NewGuid():N}";

    /// <summary>The checkout the tests run from (the folder holding LearningPlatform.sln).</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LearningPlatform.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root (LearningPlatform.sln) was not found.");
    }

    /// <summary>A TCP port free on loopback right now.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A short unique name usable as a database name and a Redis key prefix.</summary>
    public static string UniqueName(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 17, 63)].ToLowerInvariant();
}

/// <summary>A database of its own for one test class, dropped at the end.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }
    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(string prefix)
    {
        var name = TestEnvironment.UniqueName(prefix);
        await using (var admin = new NpgsqlConnection(TestEnvironment.PostgresAdmin))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresAdmin) { Database = name, MaxPoolSize = 40 };
        return new TestDatabase(name, builder.ConnectionString);
    }

    public async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(TestEnvironment.PostgresAdmin);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
