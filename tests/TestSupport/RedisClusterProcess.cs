using System.Diagnostics;
using StackExchange.Redis;

namespace LearningPlatform.TestSupport;

/// <summary>
/// A real Redis Cluster of three masters (no replicas) on free loopback ports, each redis-server in a throw-away
/// directory of its own, joined with <c>redis-cli --cluster create</c>. For tests of what must work on a cluster.
/// </summary>
public sealed class RedisClusterProcess : IAsyncDisposable
{
    private readonly List<Process> _nodes = [];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), TestEnvironment.UniqueName("lp-cluster"));

    private RedisClusterProcess(int[] ports) => Ports = ports;

    public int[] Ports { get; }

    /// <summary>The seed list StackExchange.Redis takes (it discovers the slots from any node).</summary>
    public string Configuration => string.Join(",", Ports.Select(p => $"127.0.0.1:{p}"));

    public static async Task<RedisClusterProcess> StartNewAsync()
    {
        var cluster = new RedisClusterProcess([TestEnvironment.FreePort(), TestEnvironment.FreePort(), TestEnvironment.FreePort()]);
        try
        {
            await cluster.StartAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        foreach (var port in Ports)
        {
            var directory = Directory.CreateDirectory(Path.Combine(_directory, port.ToString())).FullName;
            var node = Process.Start(new ProcessStartInfo(TestEnvironment.RedisServerBinary)
            {
                ArgumentList =
                {
                    "--bind", "127.0.0.1", "--port", port.ToString(), "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                    "--dir", directory, "--save", "", "--appendonly", "no",
                },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            }) ?? throw new InvalidOperationException("redis-server did not start.");
            node.OutputDataReceived += (_, _) => { };
            node.BeginOutputReadLine();
            _nodes.Add(node);
        }

        foreach (var port in Ports)
        {
            await RedisServerProcess.WaitUntilAsync(() => Pings(port), TimeSpan.FromSeconds(15), $"cluster node {port}");
        }

        var create = new ProcessStartInfo(RedisCliBinary) { RedirectStandardOutput = true, RedirectStandardError = true };
        create.ArgumentList.Add("--cluster");
        create.ArgumentList.Add("create");
        foreach (var port in Ports)
        {
            create.ArgumentList.Add($"127.0.0.1:{port}");
        }

        create.ArgumentList.Add("--cluster-replicas");
        create.ArgumentList.Add("0");
        create.ArgumentList.Add("--cluster-yes");
        using (var cli = Process.Start(create) ?? throw new InvalidOperationException("redis-cli did not start."))
        {
            var output = await cli.StandardOutput.ReadToEndAsync();
            await cli.WaitForExitAsync();
            if (cli.ExitCode != 0)
            {
                throw new InvalidOperationException($"redis-cli --cluster create failed: {output}{await cli.StandardError.ReadToEndAsync()}");
            }
        }

        await RedisServerProcess.WaitUntilAsync(ClusterIsOk, TimeSpan.FromSeconds(30), "the cluster to cover every slot");
    }

    private static string RedisCliBinary =>
        Path.Combine(Path.GetDirectoryName(TestEnvironment.RedisServerBinary) is { Length: > 0 } bin ? bin : "", "redis-cli") is var cli && File.Exists(cli)
            ? cli
            : "redis-cli";

    private static bool Pings(int port)
    {
        try
        {
            using var mux = ConnectionMultiplexer.Connect($"127.0.0.1:{port},connectTimeout=500,abortConnect=false");
            return mux.IsConnected && mux.GetServer($"127.0.0.1:{port}").Ping() >= TimeSpan.Zero;
        }
        catch (RedisException)
        {
            return false;
        }
    }

    private bool ClusterIsOk()
    {
        try
        {
            using var mux = ConnectionMultiplexer.Connect($"{Configuration},connectTimeout=1000,abortConnect=false,allowAdmin=true");
            return Ports.All(port => mux.GetServer($"127.0.0.1:{port}").Execute("CLUSTER", "INFO").ToString().Contains("cluster_state:ok"));
        }
        catch (RedisException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes.Where(n => !n.HasExited))
        {
            node.Kill(entireProcessTree: true);
            await node.WaitForExitAsync();
        }

        _nodes.Clear();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A node's files can outlive it by a moment; the temp directory is the machine's to clean.
        }
    }
}
