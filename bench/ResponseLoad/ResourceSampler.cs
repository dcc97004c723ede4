using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace LearningPlatform.ResponseLoad;

/// <summary>PostgreSQL's own counters for the bench database and the server's WAL.</summary>
public sealed record DbCounters(
    long Commits, long Rollbacks, long RowsFetched, long RowsInserted, long RowsUpdated, long WalBytes, long WalSyncs,
    long AutoVacuums, long AutoAnalyzes, long AttemptUpdates = 0, long AttemptHotUpdates = 0)
{
    public static DbCounters operator -(DbCounters a, DbCounters b) => new(
        a.Commits - b.Commits, a.Rollbacks - b.Rollbacks, a.RowsFetched - b.RowsFetched, a.RowsInserted - b.RowsInserted,
        a.RowsUpdated - b.RowsUpdated, a.WalBytes - b.WalBytes, a.WalSyncs - b.WalSyncs,
        a.AutoVacuums - b.AutoVacuums, a.AutoAnalyzes - b.AutoAnalyzes,
        a.AttemptUpdates - b.AttemptUpdates, a.AttemptHotUpdates - b.AttemptHotUpdates);
}

/// <summary>One line of /proc/PID/stat: enough to charge CPU ticks to a process.</summary>
public sealed record ProcessTicks(string Comm, int ParentPid, long Ticks);

/// <summary>A point in time: clock, machine CPU ticks, every process's CPU ticks, database counters.</summary>
public sealed record Sample(long Timestamp, long MachineTotal, long MachineIdle, long MachineIoWait, Dictionary<int, ProcessTicks> Processes, DbCounters Db);

/// <summary>What happened between two samples. CPU is in seconds; percentages are of the whole machine.</summary>
public sealed class Window
{
    private readonly int _ticksPerSecond;
    private readonly long _machineTicks;

    public Window(Sample start, Sample end, BenchOptions options)
    {
        _ticksPerSecond = options.ClockTicksPerSecond;
        Seconds = Stopwatch.GetElapsedTime(start.Timestamp, end.Timestamp).TotalSeconds;
        StartTimestamp = start.Timestamp;
        EndTimestamp = end.Timestamp;
        _machineTicks = end.MachineTotal - start.MachineTotal;
        BusyPercent = Ratio(_machineTicks - (end.MachineIdle - start.MachineIdle) - (end.MachineIoWait - start.MachineIoWait));
        IoWaitPercent = Ratio(end.MachineIoWait - start.MachineIoWait);
        Db = end.Db - start.Db;

        // A process that started inside the window counts from zero; one that ended inside it is lost (the
        // app, the driver, Redis and the app's pooled PostgreSQL backends live through the window).
        var others = new Dictionary<string, long>();
        long app = 0, postgres = 0, driver = 0, redis = 0, gateway = 0;
        foreach (var (pid, now) in end.Processes)
        {
            var ticks = now.Ticks - (start.Processes.TryGetValue(pid, out var before) ? before.Ticks : 0);
            if (pid == options.AppPid) app += ticks;
            else if (pid == options.PostgresPid || now.ParentPid == options.PostgresPid) postgres += ticks;
            else if (pid == Environment.ProcessId) driver += ticks;
            else if (pid == options.RedisPid) redis += ticks;
            else if (pid == options.GatewayPid) gateway += ticks;
            else others[now.Comm] = others.GetValueOrDefault(now.Comm) + ticks;
        }

        AppSeconds = Cpu(app);
        PostgresSeconds = Cpu(postgres);
        DriverSeconds = Cpu(driver);
        RedisSeconds = Cpu(redis);
        GatewaySeconds = Cpu(gateway);
        OtherProcessesSeconds = Cpu(others.Values.Sum());
        BusiestOthers = others.Where(o => o.Value > 0).OrderByDescending(o => o.Value).Take(3)
            .Select(o => string.Create(CultureInfo.InvariantCulture, $"{o.Key.Replace(' ', '_')}:{PercentOfMachine(Cpu(o.Value)):F1}"))
            .ToList();
    }

    public double Seconds { get; }
    public int Cores { get; } = Environment.ProcessorCount;
    public long StartTimestamp { get; }
    public long EndTimestamp { get; }
    public double BusyPercent { get; }
    public double IoWaitPercent { get; }
    public double AppSeconds { get; }
    public double PostgresSeconds { get; }
    public double DriverSeconds { get; }
    public double RedisSeconds { get; }
    public double GatewaySeconds { get; }
    /// <summary>Every other process on the machine: a build or a test run here skews the figures.</summary>
    public double OtherProcessesSeconds { get; }
    public IReadOnlyList<string> BusiestOthers { get; }
    public DbCounters Db { get; }

    /// <summary>Busy time charged to no live process: interrupts taken while idle, processes that exited.</summary>
    public double UnchargedPercent =>
        BusyPercent - PercentOfMachine(AppSeconds + PostgresSeconds + DriverSeconds + RedisSeconds + GatewaySeconds + OtherProcessesSeconds);

    public double PercentOfMachine(double cpuSeconds) => 100 * cpuSeconds / (Seconds * Cores);

    private double Cpu(long ticks) => (double)ticks / _ticksPerSecond;

    private double Ratio(long part) => _machineTicks > 0 ? 100.0 * part / _machineTicks : 0;
}

/// <summary>Reads /proc and PostgreSQL's statistics views (Linux only, like the rest of the scripts).</summary>
public sealed class ResourceSampler(BenchOptions options)
{
    public async Task<Sample> TakeAsync(CancellationToken ct)
    {
        // Database counters first: the /proc reads are what must sit closest to the timestamp.
        var db = await ReadDbCountersAsync(ct);
        var (total, idle, ioWait) = ReadMachine();
        return new Sample(Stopwatch.GetTimestamp(), total, idle, ioWait, ReadProcesses(), db);
    }

    private async Task<DbCounters> ReadDbCountersAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(options.Database);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            """
            SELECT d.xact_commit, d.xact_rollback, d.tup_fetched, d.tup_inserted, d.tup_updated,
                   pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint, w.wal_sync,
                   (SELECT coalesce(sum(autovacuum_count), 0)::bigint FROM pg_stat_user_tables),
                   (SELECT coalesce(sum(autoanalyze_count), 0)::bigint FROM pg_stat_user_tables),
                   (SELECT coalesce(sum(n_tup_upd), 0)::bigint FROM pg_stat_user_tables WHERE relname = 'attempts'),
                   (SELECT coalesce(sum(n_tup_hot_upd), 0)::bigint FROM pg_stat_user_tables WHERE relname = 'attempts')
            FROM pg_stat_database d, pg_stat_wal w
            WHERE d.datname = current_database()
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new DbCounters(
            reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
            reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9), reader.GetInt64(10));
    }

    private static (long Total, long Idle, long IoWait) ReadMachine()
    {
        // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest time is inside user)
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = fields.Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return (ticks.Sum(), ticks[3], ticks[4]);
    }

    private static Dictionary<int, ProcessTicks> ReadProcesses()
    {
        var result = new Dictionary<int, ProcessTicks>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && ReadStat(pid) is { } stat)
            {
                result[pid] = stat;
            }
        }

        return result;
    }

    private static ProcessTicks? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // exited meanwhile
        }

        // "pid (comm) state ppid ... utime stime ...": comm may hold spaces and parentheses, so split at the last ')'.
        var open = text.IndexOf('(');
        var close = text.LastIndexOf(')');
        var rest = text[(close + 2)..].Split(' ');
        return new ProcessTicks(
            text[(open + 1)..close],
            int.Parse(rest[1], CultureInfo.InvariantCulture),
            long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture));
    }
}
