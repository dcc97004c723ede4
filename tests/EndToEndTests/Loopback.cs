using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace LearningPlatform.EndToEndTests;

/// <summary>Clients that reach a Kestrel-hosted gateway the way outside callers do: from a chosen address, or as raw bytes.</summary>
public static class Loopback
{
    /// <summary>
    /// An HttpClient whose connections come from <paramref name="localAddress"/> (any of 127.0.0.0/8 is this machine),
    /// so the gateway sees another client address.
    /// </summary>
    public static HttpClient From(string localAddress, Uri baseAddress, bool followRedirects = true) =>
        new(new SocketsHttpHandler
        {
            AllowAutoRedirect = followRedirects,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };

    /// <summary>Sends <paramref name="request"/> as it is (HTTP/1.1, <c>Connection: close</c>) and reads the whole answer.</summary>
    public static async Task<RawResponse> SendRawAsync(Uri server, byte[] request)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(request, timeout.Token);
        using var received = new MemoryStream();
        await stream.CopyToAsync(received, timeout.Token);
        return RawResponse.Parse(Encoding.Latin1.GetString(received.ToArray()));
    }
}

public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public static RawResponse Parse(string text)
    {
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        split.Should().BePositive($"an HTTP answer has a head: {text}");
        var lines = text[..split].Split("\r\n");
        var headers = lines.Skip(1)
            .Select(l => l.Split(':', 2))
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var body = text[(split + 4)..];
        if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Dechunk(body);
        }

        return new RawResponse(int.Parse(lines[0].Split(' ')[1]), headers, body);
    }

    public string? Code => JsonDocument.Parse(Body).RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;

    private static string Dechunk(string body)
    {
        var result = new StringBuilder();
        var at = 0;
        for (var chunks = 0; chunks < 10_000; chunks++)
        {
            var end = body.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(body[at..end].Split(';')[0], 16);
            if (size == 0)
            {
                return result.ToString();
            }

            result.Append(body, end + 2, size);
            at = end + 2 + size + 2;
        }

        throw new InvalidOperationException("Too many chunks.");
    }
}
