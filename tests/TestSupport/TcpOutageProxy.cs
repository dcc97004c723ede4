using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace LearningPlatform.TestSupport;

/// <summary>
/// A loopback TCP relay in front of a real server (PostgreSQL, say) that a test can take down and bring back:
/// <see cref="Cut"/> closes every relayed connection and refuses new ones, as a server that went away does;
/// <see cref="Restore"/> listens again on the same port. The server behind it keeps its data.
/// </summary>
public sealed class TcpOutageProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly ConcurrentDictionary<Socket, byte> _sockets = new();
    private readonly Lock _gate = new();
    private TcpListener? _listener;
    private CancellationTokenSource _cancel = new();

    private TcpOutageProxy(IPEndPoint target, int port)
    {
        _target = target;
        Port = port;
    }

    public int Port { get; }

    public static TcpOutageProxy Start(string targetHost, int targetPort)
    {
        var address = IPAddress.TryParse(targetHost, out var ip) ? ip : IPAddress.Loopback;
        var proxy = new TcpOutageProxy(new IPEndPoint(address, targetPort), TestEnvironment.FreePort());
        proxy.Restore();
        return proxy;
    }

    /// <summary>A relay in front of the PostgreSQL server of <paramref name="connectionString"/>, and the same string through it.</summary>
    public static (TcpOutageProxy Proxy, string ConnectionString) ForPostgres(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        var proxy = Start(builder.Host ?? "127.0.0.1", builder.Port);
        builder.Host = "127.0.0.1";
        builder.Port = proxy.Port;
        return (proxy, builder.ConnectionString);
    }

    public bool IsUp
    {
        get
        {
            lock (_gate)
            {
                return _listener is not null;
            }
        }
    }

    /// <summary>Listens again on the same port.</summary>
    public void Restore()
    {
        lock (_gate)
        {
            if (_listener is not null)
            {
                return;
            }

            _cancel = new CancellationTokenSource();
            var listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            _listener = listener;
            _ = AcceptAsync(listener, _cancel.Token);
        }
    }

    /// <summary>Refuses new connections and resets every open one.</summary>
    public void Cut()
    {
        lock (_gate)
        {
            _cancel.Cancel();
            _listener?.Stop();
            _listener = null;
        }

        foreach (var socket in _sockets.Keys)
        {
            Close(socket);
        }
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(cancellationToken);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }

            _ = RelayAsync(client, cancellationToken);
        }
    }

    private async Task RelayAsync(Socket client, CancellationToken cancellationToken)
    {
        var server = new Socket(_target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _sockets[client] = 0;
        _sockets[server] = 0;
        try
        {
            await server.ConnectAsync(_target, cancellationToken);
            await Task.WhenAny(PumpAsync(client, server, cancellationToken), PumpAsync(server, client, cancellationToken));
        }
        catch (Exception)
        {
            // A cut or a closed peer: both sides are closed below.
        }
        finally
        {
            Close(client);
            Close(server);
        }
    }

    private static async Task PumpAsync(Socket from, Socket to, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
                if (read == 0)
                {
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, cancellationToken);
            }
        }
        catch (Exception)
        {
            // The other pump or a cut closes the sockets.
        }
    }

    private void Close(Socket socket)
    {
        if (!_sockets.TryRemove(socket, out _))
        {
            return;
        }

        try
        {
            // A reset, not a graceful close: what the client sees when a server dies.
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        _cancel.Dispose();
        return ValueTask.CompletedTask;
    }
}
