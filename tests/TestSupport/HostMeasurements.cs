using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace LearningPlatform.TestSupport;

/// <summary>
/// The measurements of one host's meters only (<c>Meter.Scope</c> is the host's <see cref="IMeterFactory"/>):
/// listeners are process-wide, and an exporter's stream shared with a parallel test host's instrument stops when that host
/// is disposed (a test artefact: one host per process in production), so tests assert business metrics here.
/// </summary>
public sealed class HostMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _counts = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, double> _sums = new();

    public HostMeasurements(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Count(instrument.Name, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Count(instrument.Name, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Count(instrument.Name, value, tags));
        _listener.Start();
    }

    /// <summary>How many measurements <paramref name="name"/> took (with the tag <paramref name="tag"/>=<paramref name="value"/>, when given).</summary>
    public long Of(string name, string? tag = null, string? value = null) =>
        _counts.GetValueOrDefault(tag is null ? name : $"{name}|{tag}={value}");

    /// <summary>The sum of the values <paramref name="name"/> measured.</summary>
    public double SumOf(string name) => _sums.GetValueOrDefault(name);

    private void Count(string name, double measured, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        _sums.AddOrUpdate(name, measured, (_, sum) => sum + measured);
        _counts.AddOrUpdate(name, 1, (_, n) => n + 1);
        foreach (var (key, value) in tags)
        {
            _counts.AddOrUpdate($"{name}|{key}={value}", 1, (_, n) => n + 1);
        }
    }

    public void Dispose() => _listener.Dispose();
}
