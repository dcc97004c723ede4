using LearningPlatform.TestSupport;
using Microsoft.Extensions.Options;

namespace LearningPlatform.EndToEndTests;

/// <summary>A bad gateway setting stops the host at start, with a message that names the key to fix.</summary>
public class GatewayConfigurationTests
{
    public static TheoryData<string, string> BadSettings => new()
    {
        { "Gateway:Introspection:Endpoint", "connect/introspect" },
        { "Gateway:Introspection:ClientSecret", "" },
        { "Gateway:Introspection:CacheSeconds", "0" },
        { "Gateway:Introspection:CacheSeconds", "31" },
        { "Gateway:Introspection:Timeout", "00:00:00" },
        { "Gateway:Introspection:CircuitBreaker:FailureRatio", "1.5" },
        { "Gateway:Introspection:CircuitBreaker:MinimumThroughput", "1" },
        { "Gateway:Introspection:CircuitBreaker:BreakDuration", "00:00:00.100" },
        { "Gateway:RateLimits:Policies:app:Limit", "0" },
        { "Gateway:RateLimits:Policies:app:PathPrefix", "api/learning/app" },
        { "Gateway:RateLimits:SignInFailures:WindowSeconds", "0" },
        { "Gateway:RateLimits:RedisTimeoutMs", "0" },
        { "Gateway:RateLimits:KeyPrefix", "" },
        { "Gateway:MaxRequestBodyBytes", "0" },
        { "Redis:Configuration", "" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task A_bad_setting_stops_the_host_at_start_naming_its_key(string key, string value)
    {
        var identity = await SharedIdentity.GetAsync();

        var refusal = HostStart.FailureOf(() =>
        {
            var gateway = new GatewayFactory(identity, new Uri("http://127.0.0.1:9/"), TestEnvironment.Redis,
                TestEnvironment.UniqueName("lp:gc") + ":", appLimit: null, tokenLimit: null);
            gateway.Settings[key] = value;
            return gateway;
        });

        refusal.Should().BeOfType<OptionsValidationException>().Which
            .Message.Should().Contain(key[..key.LastIndexOf(':')]).And.Contain(key[(key.LastIndexOf(':') + 1)..]);
    }
}
