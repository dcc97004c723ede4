using System.Diagnostics;
using LearningPlatform.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace LearningPlatform.WebApi.IntegrationTests;

/// <summary>The WebApi with telemetry on (as an OTLP endpoint would turn it on), exporting to memory.</summary>
public sealed class TelemetryApiFactory : LearningApiFactory
{
    public List<Activity> Spans { get; } = [];
    public List<Metric> Metrics { get; } = [];

    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Telemetry:Enabled", "true")];

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

/// <summary>A request produces its spans (the HTTP server span and PostgreSQL's under it) and the business metrics.</summary>
public class TelemetryTests(TelemetryApiFactory api) : IClassFixture<TelemetryApiFactory>
{
    [Fact]
    public async Task Starting_an_attempt_is_traced_down_to_postgresql_and_counted()
    {
        var exam = await api.AddExamAsync(questions: 2);
        var learner = await api.NewLearnerAsync();

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

        api.Services.GetRequiredService<MeterProvider>().ForceFlush().Should().BeTrue();
        Sum("lp.attempts.started").Should().BeGreaterThanOrEqualTo(1);
        Sum("lp.answers.recorded").Should().BeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task A_ranking_run_records_its_duration_and_participants()
    {
        var exam = await api.AddExamAsync(questions: 1, closesAt: api.Clock.GetUtcNow().AddMinutes(10));
        var learner = await api.NewLearnerAsync();
        var attempt = await learner.Client.StartOkAsync(exam.Id);
        (await learner.Client.CompleteAsync(attempt.AttemptId, attempt.AttemptToken, Guid.NewGuid().ToString())).StatusCode
            .Should().Be(System.Net.HttpStatusCode.OK);
        api.Clock.Advance(TimeSpan.FromMinutes(11));
        var admin = api.ClientWith((await api.Identity.AdminAsync()).AccessToken);

        (await admin.PostAsync($"{AdminCalls.Admin}/rankings/{exam.Id}/run", null)).StatusCode.Should().Be(System.Net.HttpStatusCode.Accepted);
        await RedisServerProcess.WaitUntilAsync(async () =>
            (await admin.GetStringAsync($"{AdminCalls.Admin}/rankings/runs?examId={exam.Id}")).Contains("SUCCEEDED"),
            TimeSpan.FromSeconds(30), "the ranking run");

        // The run's record commits a moment before its metrics are written: poll the exporter too.
        var points = new List<MetricPoint>();
        await RedisServerProcess.WaitUntilAsync(() =>
        {
            api.Services.GetRequiredService<MeterProvider>().ForceFlush();
            points.Clear();
            foreach (var metric in api.Metrics.Where(m => m.Name == "lp.ranking.participants"))
            {
                foreach (ref readonly var point in metric.GetMetricPoints())
                {
                    points.Add(point);
                }
            }

            return points.Any(p => p.GetHistogramCount() >= 1);
        }, TimeSpan.FromSeconds(30), "the ranking's metrics");

        points.Should().Contain(p => p.GetHistogramCount() >= 1 && p.GetHistogramSum() >= 1, "one run ranked one participant");
        api.Metrics.Should().Contain(m => m.Name == "lp.ranking.duration");
    }

    private long Sum(string name)
    {
        long sum = 0;
        foreach (var metric in api.Metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                sum = Math.Max(sum, point.GetSumLong());
            }
        }

        return sum;
    }
}
