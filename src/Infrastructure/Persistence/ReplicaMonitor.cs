using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LearningPlatform.Infrastructure.Persistence;

/// <summary>How far the read replica may fall behind, and how often it is checked (section <c>Database</c>).</summary>
public sealed class ReplicaOptions
{
    public const string Section = "Database";

    /// <summary>Past this lag the replica's reads go to the primary until it has caught up.</summary>
    public TimeSpan ReplicaMaxLag { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often each instance checks the replica (and after a failed read, when it tries it again).</summary>
    public TimeSpan ReplicaCheckInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>What the last check found: whether lag-tolerant reads may use the replica, and why not.</summary>
public sealed record ReplicaState(bool Usable, string Description);

/// <summary>
/// Whether <see cref="Application.Common.ILearningReadDb"/> and the leaderboard fallbacks read the replica
/// (<c>ConnectionStrings:LearningDbRead</c>) or the primary (decision 125). The replica is used while it answers and lags at
/// most <see cref="ReplicaOptions.ReplicaMaxLag"/>; otherwise those reads go to the primary, which has every row, and
/// readiness reports Degraded: a replica away must not take every instance out of its load balancer at once. Checked at
/// start (before the host takes requests), every <see cref="ReplicaOptions.ReplicaCheckInterval"/>, at every readiness
/// probe, and a replica connection that fails in a request marks it unusable until the next check finds it back.
/// </summary>
public sealed class ReplicaMonitor : BackgroundService
{
    // Lag as the replica sees it: nothing received is waiting to be replayed (an idle primary is no lag), or else the age
    // of the last transaction it replayed. Not in recovery: promoted, so no longer a copy of this primary.
    private const string LagSql = """
        SELECT pg_is_in_recovery(),
               CASE WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
                    ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0) END::float8
        """;

    private readonly string _checkConnection;
    private readonly string _readConnection;
    private readonly ReplicaOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ReplicaMonitor> _logger;
    private volatile ReplicaState _state = new(true, "not checked yet");

    internal ReplicaMonitor(LearningDbConnections connections, IOptions<ReplicaOptions> options, TimeProvider time, ILogger<ReplicaMonitor> logger)
    {
        _readConnection = connections.Read;
        // A connection of its own each time (no pool to hold a broken one), bounded so a probe never waits for long.
        _checkConnection = new NpgsqlConnectionStringBuilder(connections.Read)
        {
            Pooling = false, Timeout = 2, CommandTimeout = 2, ApplicationName = "learning-replica-check",
        }.ConnectionString;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Whether lag-tolerant reads go to the replica now.</summary>
    public bool InUse => _state.Usable;

    /// <summary>Checks the replica now and records what it found.</summary>
    public async Task<ReplicaState> CheckAsync(CancellationToken cancellationToken)
    {
        ReplicaState found;
        try
        {
            await using var connection = new NpgsqlConnection(_checkConnection);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(LagSql, connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var lag = TimeSpan.FromSeconds(reader.GetDouble(1));
            found = !reader.GetBoolean(0)
                ? new ReplicaState(false, "the replica is not in recovery (promoted?): reads go to the primary")
                : lag > _options.ReplicaMaxLag
                    ? new ReplicaState(false, string.Create(CultureInfo.InvariantCulture,
                        $"the replica lags {lag.TotalSeconds:0.#} s (more than {_options.ReplicaMaxLag.TotalSeconds:0.#} s): reads go to the primary"))
                    : new ReplicaState(true, string.Create(CultureInfo.InvariantCulture, $"the replica answers, {lag.TotalSeconds:0.#} s behind"));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            found = Unreachable(e);
        }

        Record(found);
        return found;
    }

    /// <summary>A request's replica connection failed: its reads go to the primary until a check finds the replica back.</summary>
    internal void ConnectionFailed(Exception exception)
    {
        if (_state.Usable)
        {
            Record(Unreachable(exception));
        }
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the host listens: an instance starting while the replica is away reads the primary from its first request.
        await CheckAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.ReplicaCheckInterval, _time, stoppingToken);
                await CheckAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private static ReplicaState Unreachable(Exception e) =>
        new(false, $"the replica does not answer ({e.GetType().Name}): reads go to the primary");

    private void Record(ReplicaState found)
    {
        var before = _state;
        _state = found;
        if (before.Usable == found.Usable)
        {
            return;
        }

        // Connections opened before the change may be broken (replica restarted) or stale: start afresh either way.
        NpgsqlConnection.ClearPool(new NpgsqlConnection(_readConnection));
        if (found.Usable)
        {
            _logger.LogInformation("Read replica back in use: {Description}", found.Description);
        }
        else
        {
            _logger.LogWarning("Read replica out of use: {Description}", found.Description);
        }
    }
}

/// <summary>Tells the <see cref="ReplicaMonitor"/> when a request's replica connection or command fails for the connection's sake.</summary>
internal sealed class ReplicaFailureInterceptor(ReplicaMonitor monitor) : DbConnectionInterceptor, IDbCommandInterceptor
{
    public override void ConnectionFailed(DbConnection connection, ConnectionErrorEventData eventData) => monitor.ConnectionFailed(eventData.Exception);

    public override Task ConnectionFailedAsync(DbConnection connection, ConnectionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        monitor.ConnectionFailed(eventData.Exception);
        return Task.CompletedTask;
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData)
    {
        if (eventData.Exception is NpgsqlException { IsTransient: true })
        {
            monitor.ConnectionFailed(eventData.Exception);
        }
    }

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        CommandFailed(command, eventData);
        return Task.CompletedTask;
    }
}

/// <summary>
/// <c>postgresql-replica</c> in <c>/health/ready</c> (only when a replica is configured): checks it now; Degraded, never
/// Unhealthy, when it is away or lags, since the instance still serves every read from the primary.
/// </summary>
public sealed class ReplicaReadinessCheck(ReplicaMonitor monitor) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = await monitor.CheckAsync(cancellationToken);
        return state.Usable ? HealthCheckResult.Healthy(state.Description) : HealthCheckResult.Degraded(state.Description);
    }
}
