using LearningPlatform.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace LearningPlatform.WebApi.IntegrationTests;

/// <summary>Bad configuration stops the host at start, with a message that names the key to fix.</summary>
public class ConfigurationTests(LearningApiFactory api) : IClassFixture<LearningApiFactory>
{
    public static TheoryData<string, string> BadSettings => new()
    {
        { "Ranking:Schedule", "every night" },
        { "Ranking:TimeZone", "Mars/Olympus_Mons" },
        { "Ranking:LockLease", "00:00:00" },
        { "Attempts:ClockTolerance", "-00:00:01" },
        { "Outbox:BatchSize", "0" },
        { "Outbox:MaxBackoff", "00:00:01" },
        { "Redis:TimeoutMs", "0" },
        { "Throttling:Policies:complete:Limit", "0" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void A_bad_setting_stops_the_host_at_start_naming_its_key(string key, string value)
    {
        var refusal = HostStart.FailureOf(() => api.AnotherInstance(new KeyValuePair<string, string>(key, value)));

        refusal.Should().BeOfType<OptionsValidationException>().Which.Message.Should().Contain(key[..key.IndexOf(':', StringComparison.Ordinal)]).And.Contain(key[(key.LastIndexOf(':') + 1)..]);
    }

    [Fact]
    public void Outside_development_the_console_writes_json_lines_with_scopes_and_trace_ids()
    {
        var console = api.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        var json = api.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue;
        var factory = api.Services.GetRequiredService<IOptions<LoggerFactoryOptions>>().Value;

        console.FormatterName.Should().Be(ConsoleFormatterNames.Json);
        json.IncludeScopes.Should().BeTrue("the request id and the trace and span ids are scopes");
        json.UseUtcTimestamp.Should().BeTrue();
        factory.ActivityTrackingOptions.Should().HaveFlag(ActivityTrackingOptions.TraceId).And.HaveFlag(ActivityTrackingOptions.SpanId);
    }
}
