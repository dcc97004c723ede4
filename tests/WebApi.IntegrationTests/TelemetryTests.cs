using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using LearningPlatform.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace LearningPlatform.WebApi.IntegrationTests;

/// <summary>
/// The WebApi with telemetry on (as an OTLP endpoint would turn it on), exporting spans to memory; its business metrics
/// are read from its own meters (<see cref="HostMeasurements"/>).
/// </summary>
public sealed class TelemetryApiFactory : LearningApiFactory
{
    public List<Activity> Spans { get; } = [];

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("Telemetry:Enabled", "true"), new("Throttling:Policies:complete:Limit", "2")];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
        });
    }
}

/// <summary>A request produces its spans (the HTTP server span and PostgreSQL's under it) and the business metrics.</summary>
public class TelemetryTests(TelemetryApiFactory api) : IClassFixture<TelemetryApiFactory>
{
    [Fact]
    public async Task Starting_an_attempt_is_traced_down_to_postgresql_and_counted()
    {
        var exam = await api.AddExamAsync(questions: 2);
        var learner = await api.NewLearnerAsync();
        using var measured = new HostMeasurements(api.Services);

        var attempt = await learner.Client.StartOkAsync(exam.Id);
        var question = attempt.Questions[0];
        (await learner.Client.AnswerAsync(attempt.AttemptId, attempt.AttemptToken, question.Id, question.Choices[0].Id, 500))
            .StatusCode.Should().Be(System.Net.HttpStatusCode.OK);

        api.Services.GetRequiredService<TracerProvider>().ForceFlush().Should().BeTrue();
        // Listeners are process-wide: other test hosts' spans arrive too, so this request's span is found by its exam id.
        var server = api.Spans.Where(s => s.Kind == ActivityKind.Server
            && (s.GetTagItem("url.path") as string)?.Contains($"/exams/{exam.Id}/attempts", StringComparison.Ordinal) == true).ToList();
        server.Should().ContainSingle("one POST started the attempt");
        server[0].DisplayName.Should().Contain("/exams/{examId:guid}/attempts", "the span is named by its route, not the id");
        api.Spans.Where(s => s.Source.Name == "Npgsql" && s.TraceId == server[0].TraceId)
            .Should().NotBeEmpty("the database work of the request is a child of its span");
        // Redis spans are collected from the connection's profiler a moment after the commands: poll for the start lock's.
        await RedisServerProcess.WaitUntilAsync(() =>
        {
            api.Services.GetRequiredService<TracerProvider>().ForceFlush();
            return Task.FromResult(api.Spans.ToList().Any(s => s.Source.Name.Contains("StackExchangeRedis", StringComparison.Ordinal)
                && s.TraceId == server[0].TraceId));
        }, TimeSpan.FromSeconds(30), "the start lock's Redis span in the request's trace");

        // Counted on this host's own meters (see the ranking test for why not through the exporter).
        measured.Of("lp.attempts.started").Should().Be(1);
        measured.Of("lp.answers.recorded").Should().Be(1);
    }

    [Fact]
    public async Task A_ranking_run_records_its_duration_and_participants()
    {
        var exam = await api.AddExamAsync(questions: 1, closesAt: api.Clock.GetUtcNow().AddMinutes(10));
        var learner = await api.NewLearnerAsync();
        var attempt = await learner.Client.StartOkAsync(exam.Id);
        var key = Guid.NewGuid().ToString();
        (await learner.Client.CompleteAsync(attempt.AttemptId, attempt.AttemptToken, key)).StatusCode
            .Should().Be(System.Net.HttpStatusCode.OK);
        api.Clock.Advance(TimeSpan.FromMinutes(11));
        var admin = api.ClientWith((await api.Identity.AdminAsync()).AccessToken);

        // Counted on this host's own meters: exporter streams are process-wide, and one bound to a parallel test host's
        // instrument of the same name ends when that host is disposed (a test artefact; one host per process in production).
        using var measured = new HostMeasurements(api.Services);
        (await admin.PostAsync($"{AdminCalls.Admin}/rankings/{exam.Id}/run", null)).StatusCode.Should().Be(System.Net.HttpStatusCode.Accepted);
        await RedisServerProcess.WaitUntilAsync(async () =>
            (await admin.GetStringAsync($"{AdminCalls.Admin}/rankings/runs?examId={exam.Id}")).Contains("SUCCEEDED"),
            TimeSpan.FromSeconds(30), "the ranking run");

        // The run's record commits a moment before its metrics are written.
        await RedisServerProcess.WaitUntilAsync(
            () => Task.FromResult(measured.Of("lp.ranking.participants") >= 1 && measured.Of("lp.ranking.duration") >= 1),
            TimeSpan.FromSeconds(30), "the ranking's metrics");
        measured.SumOf("lp.ranking.participants").Should().BeGreaterThanOrEqualTo(1, "the run ranked its participant");

        (await admin.PostAsync($"{AdminCalls.Admin}/rankings/{exam.Id}/publish", null)).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        measured.Of("lp.publish.duration").Should().Be(1, "the publish was timed");
    }

    [Fact]
    public async Task Idempotent_replays_and_throttle_refusals_are_counted()
    {
        var exam = await api.AddExamAsync(questions: 1);
        var learner = await api.NewLearnerAsync();
        var attempt = await learner.Client.StartOkAsync(exam.Id);
        var key = Guid.NewGuid().ToString();
        using var measured = new HostMeasurements(api.Services);
        (await learner.Client.CompleteAsync(attempt.AttemptId, attempt.AttemptToken, key)).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);

        var replay = await learner.Client.CompleteAsync(attempt.AttemptId, attempt.AttemptToken, key);
        replay.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        await (await learner.Client.CompleteAsync(attempt.AttemptId, attempt.AttemptToken, Guid.NewGuid().ToString()))
            .ShouldBeProblemAsync(System.Net.HttpStatusCode.TooManyRequests, "throttle.exceeded");

        measured.Of("lp.idempotency.replays").Should().Be(1);
        measured.Of("lp.throttle.refusals", "policy", "complete").Should().Be(1);
    }
}

/// <summary>The WebApi with telemetry on, the real FCM adapter against a fake FCM, and the outbox dispatcher on the fake clock.</summary>
public sealed class TelemetryPushApiFactory : FcmLearningApiFactory
{
    public List<Activity> Spans { get; } = [];
    public List<Metric> Metrics { get; } = [];

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [.. FcmSettings, new("Telemetry:Enabled", "true"), new("Ranking:Enabled", "false"), new("Outbox:PollInterval", "00:00:01")];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
            services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics));
        });
    }
}

/// <summary>The trace of a request that queues a push goes on through the outbox to the push sent to FCM.</summary>
public class OutboxTelemetryTests(TelemetryPushApiFactory api) : IClassFixture<TelemetryPushApiFactory>
{
    [Fact]
    public async Task A_push_continues_the_trace_of_the_request_that_queued_it()
    {
        var admin = api.ClientWith((await api.Identity.AdminAsync()).AccessToken);
        // The caller starts the trace (as the gateway does): its id is this test's alone, whatever other hosts trace meanwhile.
        var traceId = ActivityTraceId.CreateRandom();
        var request = new HttpRequestMessage(HttpMethod.Post, $"{AdminCalls.Admin}/notifications/broadcast")
        {
            Content = JsonContent.Create(new { title = "New exams", body = "Three new sprints are open." }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        var queued = await admin.SendAsync(request);
        queued.StatusCode.Should().Be(System.Net.HttpStatusCode.Accepted);
        var id = (await queued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetGuid();

        await api.DriveUntilAsync(async () =>
            await api.Database.CountAsync($"select count(*) from outbox_messages where id = '{id}' and status = 'Sent'") == 1, "the broadcast");

        api.Services.GetRequiredService<TracerProvider>().ForceFlush().Should().BeTrue();
        var spans = api.Spans.ToList().Where(s => s.TraceId == traceId).ToList();
        spans.Should().Contain(s => s.Kind == ActivityKind.Server, "the broadcast request joined the caller's trace");
        var dispatch = spans.Should().ContainSingle(s => s.DisplayName == "outbox.dispatch", "the push continues the request's trace").Subject;
        dispatch.GetTagItem("lp.outbox.message_id").Should().Be(id.ToString());
        spans.Should().Contain(s => s.Kind == ActivityKind.Client && s.ParentSpanId == dispatch.SpanId,
            "the call to FCM is a child of the push");
        api.Fcm.Requests.Single(r => r.Topic == "all").Headers["traceparent"].Should().Contain(traceId.ToString(),
            "FCM is called within the same trace");
        (await api.Database.CountAsync($"select count(*) from outbox_messages where id = '{id}' and payload->>'traceParent' like '00-{traceId}-%'"))
            .Should().Be(1, "the message stored the request's trace context");
    }

    [Fact]
    public async Task The_dispatcher_reports_the_outbox_backlog_and_its_oldest_message_age()
    {
        var admin = api.ClientWith((await api.Identity.AdminAsync()).AccessToken);
        var request = new HttpRequestMessage(HttpMethod.Post, $"{AdminCalls.Admin}/notifications/broadcast")
        {
            Content = JsonContent.Create(new { title = "Backlog", body = "One more." }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        (await admin.SendAsync(request)).StatusCode.Should().Be(System.Net.HttpStatusCode.Accepted);

        var names = new HashSet<string>();
        await api.DriveUntilAsync(() =>
        {
            api.Services.GetRequiredService<MeterProvider>().ForceFlush();
            foreach (var metric in api.Metrics.ToList().Where(m => m.Name.StartsWith("lp.outbox.", StringComparison.Ordinal)))
            {
                foreach (ref readonly var _ in metric.GetMetricPoints())
                {
                    names.Add(metric.Name);
                }
            }

            return Task.FromResult(names.Count == 2);
        }, "the backlog gauges", step: TimeSpan.FromSeconds(5));

        names.Should().BeEquivalentTo("lp.outbox.backlog", "lp.outbox.oldest_age");
    }
}
