using System.Globalization;

namespace LearningPlatform.LeaderboardLoad;

/// <summary>CPU seconds of the machine and of the server, Redis and this driver at one instant, from /proc.</summary>
public sealed record CpuSample(
    long MachineTotal, long MachineIdle, long MachineIoWait, long MachineIrq, double Server, double Redis, double Driver)
{
    /// <summary>The difference of two samples: machine ticks and per-process CPU seconds in between.</summary>
    public static CpuDelta Between(CpuSample a, CpuSample b) => new(
        b.MachineTotal - a.MachineTotal, b.MachineIdle - a.MachineIdle, b.MachineIoWait - a.MachineIoWait,
        b.MachineIrq - a.MachineIrq, b.Server - a.Server, b.Redis - a.Redis, b.Driver - a.Driver, a.TicksPerSecond);

    public long TicksPerSecond { get; init; } = 100;
}

public sealed record CpuDelta(
    long Total, long Idle, long IoWait, long Irq, double Server, double Redis, double Driver, long TicksPerSecond)
{
    /// <summary>Interrupts and softirqs (the loopback network's packet work), charged to no process.</summary>
    public double IrqPercent => Total > 0 ? 100.0 * Irq / Total : double.NaN;

    public double BusyPercent => Total > 0 ? 100.0 * (Total - Idle - IoWait) / Total : double.NaN;

    public double IoWaitPercent => Total > 0 ? 100.0 * IoWait / Total : double.NaN;

    /// <summary>CPU seconds as a percentage of all cores over the window (the machine's ticks cover every core).</summary>
    public double PercentOfMachine(double cpuSeconds) => Total > 0 ? 100.0 * cpuSeconds * TicksPerSecond / Total : double.NaN;
}

public sealed class ProcessCpu(int serverPid, int redisPid, long ticksPerSecond)
{
    public CpuSample Take()
    {
        var (total, idle, iowait, irq) = Machine();
        return new CpuSample(total, idle, iowait, irq, Seconds(serverPid), Seconds(redisPid), Seconds(Environment.ProcessId))
        {
            TicksPerSecond = ticksPerSecond,
        };
    }

    private static (long Total, long Idle, long IoWait, long Irq) Machine()
    {
        // "cpu  user nice system idle iowait irq softirq steal ..." (all cores, in clock ticks)
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var values = fields.Skip(1).Take(8).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return (values.Sum(), values[3], values[4], values[5] + values[6]);
    }

    private double Seconds(int pid)
    {
        if (pid <= 0)
        {
            return 0;
        }

        try
        {
            // "pid (comm) state ppid ... utime stime": the fields after the last ')' start at field 3.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture)) /
                (double)ticksPerSecond;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
