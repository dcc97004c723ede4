using LearningPlatform.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Identity.IntegrationTests;

/// <summary>Bad configuration stops the token server at start, with a message that names the key to fix.</summary>
public class ConfigurationTests(IdentityHostFactory identity) : IClassFixture<IdentityHostFactory>
{
    /// <summary>A setting, a bad value, and the key the refusal names.</summary>
    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "AuthServer:Issuer", "api/auth/", "AuthServer:Issuer" },
        { "AuthServer:Issuer", "http://127.0.0.1:5000/api/auth", "AuthServer:Issuer" },
        { "AuthServer:Issuer", "ftp://127.0.0.1/api/auth/", "AuthServer:Issuer" },
        { "AuthServer:AccessTokenLifetime", "00:00:00", "AuthServer:AccessTokenLifetime" },
        { "AuthServer:RefreshTokenLifetime", "-1.00:00:00", "AuthServer:RefreshTokenLifetime" },
        { "AuthServer:Pruning:Interval", "-00:00:01", "AuthServer:Pruning:Interval" },
        { "AuthServer:Pruning:Interval", "60.00:00:00", "AuthServer:Pruning:Interval" },
        { "AuthServer:Pruning:MinimumAge", "7.00:00:00", "AuthServer:Pruning:MinimumAge" },
        { "AuthServer:Keys:Directory", "", "AuthServer:Keys" },
        { "AuthServer:Clients:0:Grants:0", "implicit", "AuthServer:Clients:*:Grants" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void A_bad_setting_stops_the_host_at_start_naming_its_key(string key, string value, string named)
    {
        var refusal = StartWith(key, value);

        refusal.Should().BeOfType<OptionsValidationException>().Which.Message.Should().Contain(named);
    }

    [Fact]
    public void Pruning_can_be_turned_off_on_an_instance()
    {
        StartWith("AuthServer:Pruning:Interval", "00:00:00").Should().BeNull("0 turns pruning off on an instance");
    }

    private Exception? StartWith(string key, string value) =>
        HostStart.FailureOf(() => identity.WithWebHostBuilder(builder => builder.UseSetting(key, value)));
}
