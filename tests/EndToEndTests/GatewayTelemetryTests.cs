using System.Diagnostics;
using System.Net;
using LearningPlatform.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace LearningPlatform.EndToEndTests;

/// <summary>A gateway with telemetry on (exporting to memory) in front of a LearningService.</summary>
public class GatewayTelemetryTests : IAsyncLifetime
{
    private const int AppLimit = 3;
    private readonly KestrelLearningApi _api = new();
    private readonly List<Activity> _spans = [];
    private GatewayFactory _gateway = null!;
    private IdentityHostFactory _identity = null!;

    public async Task InitializeAsync()
    {
        _identity = await SharedIdentity.GetAsync();
        await _api.InitializeAsync();
        _gateway = new GatewayFactory(_identity, _api.KestrelAddress!, TestEnvironment.Redis, TestEnvironment.UniqueName("lp:tel") + ":",
            appLimit: AppLimit, tokenLimit: 100);
        _gateway.Settings["Telemetry:Enabled"] = "true";
        _gateway.ExtraServices = services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans));
        };
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task A_request_through_the_gateway_is_one_trace_down_to_the_LearningService_and_refusals_are_counted()
    {
        var client = _gateway.Client((await _identity.NewLearnerAsync()).AccessToken);
        var traceId = ActivityTraceId.CreateRandom();
        var examId = Guid.NewGuid();
        var request = new HttpRequestMessage(HttpMethod.Get, $"{ApiCalls.App}/exams/{examId}/result");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        (await client.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.NotFound);

        _gateway.Services.GetRequiredService<TracerProvider>().ForceFlush().Should().BeTrue();
        // Listeners are process-wide: the LearningService's server span is seen here too, found by the trace id.
        var spans = _spans.ToList().Where(s => s.TraceId == traceId).ToList();
        // Other client spans share the trace (the introspection call, Redis, PostgreSQL): the forward is the HTTP call to the exam's URL.
        var forwards = spans.Where(s => s.Kind == ActivityKind.Client
            && (s.GetTagItem("url.full") as string)?.Contains($"/exams/{examId}/result", StringComparison.Ordinal) == true).ToList();
        forwards.Should().ContainSingle("the gateway forwarded it once");
        var forward = forwards[0];
        spans.Should().Contain(s => s.Kind == ActivityKind.Server && s.SpanId == forward.ParentSpanId, "the gateway's own span");
        spans.Should().Contain(s => s.Kind == ActivityKind.Server && s.ParentSpanId == forward.SpanId,
            "the LearningService continued the gateway's trace");

        // Counted on this gateway's own meters (HostMeasurements says why not through the exporter).
        using var measured = new HostMeasurements(_gateway.Services);
        for (var i = 0; i < AppLimit; i++)
        {
            await client.GetAsync($"{ApiCalls.App}/exams/{Guid.NewGuid()}/result");
        }

        await (await client.GetAsync($"{ApiCalls.App}/exams/{Guid.NewGuid()}/result"))
            .ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limit.exceeded");
        measured.Of("lp.rate_limit.refusals", "policy", "app").Should().BeGreaterThanOrEqualTo(1, "the refused requests were counted under their policy");
    }
}
