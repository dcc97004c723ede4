using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using LearningPlatform.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace LearningPlatform.EndToEndTests;

/// <summary>The LearningService on a loopback port with telemetry on, exporting its spans (PostgreSQL's among them) to memory.</summary>
public sealed class KestrelTelemetryLearningApi() : LearningApiFactory(kestrel: true)
{
    public List<Activity> Spans { get; } = [];

    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Telemetry:Enabled", "true")];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans)));
    }
}

/// <summary>A gateway and a LearningService, both with telemetry on (exporting to memory).</summary>
public class GatewayTelemetryTests : IAsyncLifetime
{
    private const int AppLimit = 3;
    private readonly KestrelTelemetryLearningApi _api = new();
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
        var callerSpan = ActivitySpanId.CreateRandom();
        var examId = Guid.NewGuid();
        var request = new HttpRequestMessage(HttpMethod.Get, $"{ApiCalls.App}/exams/{examId}/result");
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpan}-01");
        (await client.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.NotFound);

        await BothServerSpansEndedAsync(traceId, callerSpan, $"/exams/{examId}/result");
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

    [Fact]
    public async Task One_answer_is_one_trace_from_the_gateway_through_the_LearningService_to_its_postgresql_statements()
    {
        var exam = await _api.AddExamAsync(questions: 1);
        var client = _gateway.Client((await _identity.NewLearnerAsync()).AccessToken);
        var attempt = await client.StartOkAsync(exam.Id);
        var question = attempt.Questions[0];
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();
        var request = new HttpRequestMessage(HttpMethod.Post, $"{ApiCalls.App}/attempts/{attempt.AttemptId}/responses")
        {
            Content = JsonContent.Create(new { questionId = question.Id, choiceId = question.Choices[0].Id, elapsedMs = 500 }),
        };
        request.Headers.Add("X-Attempt-Token", attempt.AttemptToken);
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpan}-01");
        (await client.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.OK);

        await BothServerSpansEndedAsync(traceId, callerSpan, $"/attempts/{attempt.AttemptId}/responses");
        _api.Services.GetRequiredService<TracerProvider>().ForceFlush().Should().BeTrue();
        // What an operator's collector joins: both hosts' spans of this trace, by span id.
        var spans = _spans.ToList().Concat(_api.Spans.ToList()).Where(s => s.TraceId == traceId)
            .GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
        var gatewayServer = spans.Values.Where(s => s.Kind == ActivityKind.Server && s.ParentSpanId == callerSpan)
            .Should().ContainSingle("the gateway continues the caller's trace").Subject;
        var forward = spans.Values.Where(s => s.Kind == ActivityKind.Client && s.ParentSpanId == gatewayServer.SpanId
                && (s.GetTagItem("url.full") as string)?.Contains($"/attempts/{attempt.AttemptId}/responses", StringComparison.Ordinal) == true)
            .Should().ContainSingle("the gateway forwarded the answer once").Subject;
        var apiServer = spans.Values.Where(s => s.Kind == ActivityKind.Server && s.ParentSpanId == forward.SpanId)
            .Should().ContainSingle("the LearningService continued the gateway's trace").Subject;
        apiServer.DisplayName.Should().Contain("/attempts/{attemptId:guid}/responses");

        bool Under(Activity span, ActivitySpanId ancestor)
        {
            for (var (at, hops) = (span, 0); hops < 20 && spans.TryGetValue(at.ParentSpanId, out var parent); at = parent, hops++)
            {
                if (parent.SpanId == ancestor)
                {
                    return true;
                }
            }

            return false;
        }

        spans.Values.Where(s => s.Source.Name == "Npgsql" && Under(s, apiServer.SpanId))
            .Should().NotBeEmpty("the answer's PostgreSQL statements are in the same trace, under the LearningService's span");
    }

    /// <summary>
    /// A server span is exported when it ends, and it ends after the response has gone: the client may read the answer
    /// before the gateway's (or the LearningService's) span is in the exporter. Waits for both, flushing as it goes.
    /// </summary>
    private Task BothServerSpansEndedAsync(ActivityTraceId traceId, ActivitySpanId callerSpan, string forwardedPath) =>
        RedisServerProcess.WaitUntilAsync(() =>
        {
            _gateway.Services.GetRequiredService<TracerProvider>().ForceFlush();
            var spans = _spans.ToList().Concat(_api.Spans.ToList()).Where(s => s.TraceId == traceId).ToList();
            var forwards = spans.Where(s => s.Kind == ActivityKind.Client
                && (s.GetTagItem("url.full") as string)?.Contains(forwardedPath, StringComparison.Ordinal) == true).ToList();
            return spans.Any(s => s.Kind == ActivityKind.Server && s.ParentSpanId == callerSpan)
                && spans.Any(s => s.Kind == ActivityKind.Server && forwards.Any(f => f.SpanId == s.ParentSpanId));
        }, TimeSpan.FromSeconds(10), "the gateway's and the LearningService's server spans of the trace");
}
