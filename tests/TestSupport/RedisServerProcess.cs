using System.Diagnostics;
using StackExchange.Redis;

namespace LearningPlatform.TestSupport;

/// <summary>
/// A redis-server of a test's own, on a free loopback port, that the test can stop and start again
/// (for outage tests, without disturbing the shared server the other tests use).
/// </summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    private Process? _process;

    private RedisServerProcess(int port) => Port = port;

    public int Port { get; }
    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisServerProcess> StartNewAsync()
    {
        var server = new RedisServerProcess(TestEnvironment.FreePort());
        await server.StartAsync();
        return server;
    }

    public async Task StartAsync()
    {
        _process = Process.Start(new ProcessStartInfo(TestEnvironment.RedisServerBinary)
        {
            ArgumentList = { "--bind", "127.0.0.1", "--port", Port.ToString(), "--save", "", "--appendonly", "no" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        await WaitUntilAsync(() => Pings(), TimeSpan.FromSeconds(15), "redis-server to accept connections");
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private bool Pings()
    {
        try
        {
            using var mux = ConnectionMultiplexer.Connect($"{Configuration},connectTimeout=500,abortConnect=false");
            return mux.IsConnected && mux.GetDatabase().Ping() >= TimeSpan.Zero;
        }
        catch (RedisException)
        {
            return false;
        }
    }

    /// <summary>Polls <paramref name="condition"/> until true or the timeout passes (then throws).</summary>
    public static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        WaitUntilAsync(() => Task.FromResult(condition()), timeout, what);

    /// <summary>Polls <paramref name="condition"/> until true or the timeout passes (then throws).</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout} waiting for {what}.");
            }

            await Task.Delay(50);
        }
    }
}
