using System.Net;
using System.Net.Sockets;
using System.Text;
using LearningPlatform.TestSupport;

namespace LearningPlatform.EndToEndTests;

/// <summary>Every answer the gateway makes itself is a ProblemDetails with a code, also when Kestrel or an upstream fails.</summary>
public class GatewayErrorTests(Platform platform) : IClassFixture<Platform>
{
    [Fact]
    public async Task The_gateways_own_refusals_are_problem_details_with_a_code()
    {
        var learner = await platform.Identity.NewLearnerAsync();
        var anonymous = platform.GatewayA.Client();

        await (await anonymous.GetAsync($"{ApiCalls.App}/exams")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "auth.unauthenticated");
        await (await anonymous.GetAsync("/api/learning/anything")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "auth.unauthenticated");
        await (await platform.GatewayA.Client(learner.AccessToken).GetAsync("/api/learning/admin/jobs"))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
        await (await anonymous.GetAsync("/no/such/route")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "route.not_found");
        await (await anonymous.GetAsync("/api/auth/no/such/route")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "route.not_found");
        await (await anonymous.PostAsync("/health/live", null)).ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed, "route.method_not_allowed");

        var big = new ByteArrayContent(new byte[2 * 1024 * 1024]);
        big.Headers.ContentType = new("application/json");
        await (await platform.GatewayA.Client(learner.AccessToken).PostAsync($"{ApiCalls.App}/attempts/{Guid.NewGuid()}/responses", big))
            .ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "request.too_large");
    }

    [Fact]
    public async Task A_header_with_a_non_ASCII_byte_is_a_coded_400_not_a_bare_one()
    {
        await using var gateway = NewGateway();
        var address = gateway.StartOnLoopback();

        var head = "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Name: caf";
        var request = Encoding.ASCII.GetBytes(head).Concat(new byte[] { 0xC3, 0xA9 })
            .Concat(Encoding.ASCII.GetBytes("\r\nConnection: close\r\n\r\n")).ToArray();
        var response = await Loopback.SendRawAsync(address, request);

        response.Status.Should().Be(400, response.Body);
        response.Headers["Content-Type"].Should().StartWith("application/problem+json");
        response.Code.Should().Be("request.malformed");
        response.Body.Should().Contain("X-Name").And.NotContain("caf", "the refused value is never echoed");

        // The same request with an ASCII value passes.
        var plain = await Loopback.SendRawAsync(address, Encoding.ASCII.GetBytes(
            "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Name: cafe\r\nConnection: close\r\n\r\n"));
        plain.Status.Should().Be(200);
    }

    [Fact]
    public async Task The_token_server_refuses_a_non_ASCII_header_the_same_way()
    {
        var request = Encoding.ASCII.GetBytes("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: app ")
            .Concat(new byte[] { 0xFF }).Concat(Encoding.ASCII.GetBytes("\r\nConnection: close\r\n\r\n")).ToArray();

        var response = await Loopback.SendRawAsync(platform.Identity.KestrelAddress!, request);

        response.Status.Should().Be(400, response.Body);
        response.Headers["Content-Type"].Should().StartWith("application/problem+json");
        response.Code.Should().Be("request.malformed");
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_413_request_too_large()
    {
        // An upstream that reads whatever it is sent and never answers, so only the gateway's own limit can end this.
        var sink = new TcpListener(IPAddress.Loopback, 0);
        sink.Start();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var draining = DrainAsync(sink, stop.Token);
        try
        {
            await using var gateway = NewGateway(learningApi: new Uri($"http://127.0.0.1:{((IPEndPoint)sink.LocalEndpoint).Port}/"));
            var address = gateway.StartOnLoopback();
            using var client = new HttpClient { BaseAddress = address };

            var request = new HttpRequestMessage(HttpMethod.Post, "/api/learning/billing/webhooks/apple")
            {
                Content = new StreamContent(new MemoryStream(new byte[2 * 1024 * 1024])),
            };
            request.Headers.TransferEncodingChunked = true;
            var response = await client.SendAsync(request);

            await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "request.too_large");
        }
        finally
        {
            await stop.CancelAsync();
            sink.Stop();
            await draining;
        }
    }

    [Fact]
    public async Task A_token_request_the_gateway_cannot_buffer_is_413_with_or_without_a_length()
    {
        await using var gateway = NewGateway();
        using var client = new HttpClient { BaseAddress = gateway.StartOnLoopback() };
        var form = "grant_type=password&username=a%40b.test&password=" + new string('x', 100 * 1024);

        foreach (var chunked in new[] { false, true })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/connect/token")
            {
                Content = new StreamContent(new MemoryStream(Encoding.ASCII.GetBytes(form))),
            };
            request.Content.Headers.ContentType = new("application/x-www-form-urlencoded");
            request.Headers.TransferEncodingChunked = chunked;

            await (await client.SendAsync(request)).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "request.too_large");
        }
    }

    [Fact]
    public async Task An_unreachable_service_is_502_upstream_unavailable()
    {
        await using var gateway = NewGateway(learningApi: new Uri($"http://127.0.0.1:{TestEnvironment.FreePort()}/"));

        var response = await gateway.Client().GetAsync("/api/learning/health/ready");

        await response.ShouldBeProblemAsync(HttpStatusCode.BadGateway, "upstream.unavailable");
    }

    [Fact]
    public async Task A_service_that_does_not_answer_is_504_upstream_timeout()
    {
        // Accepts connections (the kernel completes the handshake) and never answers.
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            await using var gateway = NewGateway(learningApi: new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/"));
            gateway.Settings["ReverseProxy:Clusters:learning:HttpRequest:ActivityTimeout"] = "00:00:01";

            var response = await gateway.Client().GetAsync("/api/learning/health/ready");

            await response.ShouldBeProblemAsync(HttpStatusCode.GatewayTimeout, "upstream.timeout");
        }
        finally
        {
            silent.Stop();
        }
    }

    private static async Task DrainAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            for (var connections = 0; connections < 100; connections++)
            {
                using var connection = await listener.AcceptTcpClientAsync(cancellationToken);
                var stream = connection.GetStream();
                while (await stream.ReadAsync(buffer, cancellationToken) > 0)
                {
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
        }
    }

    private GatewayFactory NewGateway(Uri? learningApi = null) =>
        new(platform.Identity, learningApi ?? platform.Api.KestrelAddress!, TestEnvironment.Redis,
            TestEnvironment.UniqueName("lp:ge") + ":", appLimit: 1000, tokenLimit: 1000);
}
