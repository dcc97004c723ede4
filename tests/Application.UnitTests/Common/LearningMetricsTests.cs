using System.Diagnostics.Metrics;
using LearningPlatform.Application.Common;
using Microsoft.Extensions.Time.Testing;

namespace LearningPlatform.Application.UnitTests.Common;

public class LearningMetricsTests
{
    private sealed class OwnMeters : IMeterFactory
    {
        public List<Meter> Created { get; } = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            Created.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in Created)
            {
                meter.Dispose();
            }
        }
    }

    /// <summary>Listens to the instruments of this factory's meter only (listeners are process-wide).</summary>
    private static MeterListener Listen(OwnMeters meters, Dictionary<string, double> observed)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (meters.Created.Contains(instrument.Meter))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => observed[instrument.Name] = value);
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => observed[instrument.Name] = value);
        listener.Start();
        return listener;
    }

    [Fact]
    public void The_backlog_gauges_report_the_last_count_and_the_oldest_message_age_by_the_clock()
    {
        using var meters = new OwnMeters();
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T10:00:00Z"));
        var metrics = new LearningMetrics(meters, clock);
        var observed = new Dictionary<string, double>();
        using var listener = Listen(meters, observed);

        metrics.BacklogDue.Should().BeTrue("the gauges are read and nothing was counted yet");
        metrics.OutboxBacklogCounted(3, clock.GetUtcNow().AddSeconds(-30));
        metrics.BacklogDue.Should().BeFalse("just counted");
        clock.Advance(TimeSpan.FromSeconds(15));
        listener.RecordObservableInstruments();

        observed["lp.outbox.backlog"].Should().Be(3);
        observed["lp.outbox.oldest_age"].Should().Be(45, "the oldest message was 30 s old when counted, 15 s ago");
        metrics.BacklogDue.Should().BeTrue($"the count is older than {LearningMetrics.BacklogRefresh}");

        metrics.OutboxBacklogCounted(0, null);
        listener.RecordObservableInstruments();
        observed["lp.outbox.backlog"].Should().Be(0);
        observed["lp.outbox.oldest_age"].Should().Be(0, "no message is waiting");
    }

    [Fact]
    public void Without_a_listener_the_dispatcher_never_counts_the_backlog()
    {
        using var meters = new OwnMeters();
        var metrics = new LearningMetrics(meters, new FakeTimeProvider());

        metrics.BacklogDue.Should().BeFalse("nobody reads the gauges, so the count query is not run");
    }
}
