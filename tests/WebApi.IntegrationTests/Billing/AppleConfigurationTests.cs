using System.Security.Cryptography;
using LearningPlatform.TestSupport;
using Microsoft.Extensions.Options;

namespace LearningPlatform.WebApi.IntegrationTests.Billing;

/// <summary>The pinned App Store root is checked at start-up: a host with the wrong certificate does not start.</summary>
public class AppleConfigurationTests(AppleBillingApiFactory api) : IClassFixture<AppleBillingApiFactory>
{
    private KeyValuePair<string, string>[] With(params KeyValuePair<string, string>[] overrides) => [.. api.AppleSettings, .. overrides];

    [Fact]
    public void A_pinned_root_that_does_not_match_its_fingerprint_stops_the_host_at_start()
    {
        var refusal = HostStart.FailureOf(() => api.AnotherInstance(With(
            new KeyValuePair<string, string>("Billing:Apple:RootCertificateSha256", new string('0', 64)))));

        refusal.Should().BeOfType<OptionsValidationException>().Which.Message.Should().Contain("SHA-256").And.Contain(api.Apple.RootSha256);
    }

    [Fact]
    public void Without_a_configured_file_the_embedded_Apple_Root_CA_G3_is_pinned_and_matches_Apples_published_fingerprint()
    {
        var refusal = HostStart.FailureOf(() => api.AnotherInstance(With(
            new KeyValuePair<string, string>("Billing:Apple:RootCertificatePath", ""),
            new KeyValuePair<string, string>("Billing:Apple:RootCertificateSha256", api.Apple.RootSha256))));

        refusal.Should().BeOfType<OptionsValidationException>().Which.Message
            .Should().Contain("63343ABFB89A6A03EBB57E9B3F5FA7BE7C4F5C756F3017B3A8C488C3653E9179", "the embedded certificate is Apple's");
    }

    [Fact]
    public void A_production_app_store_without_an_appAppleId_stops_the_host_at_start()
    {
        var refusal = HostStart.FailureOf(() => api.AnotherInstance(With(new KeyValuePair<string, string>("Billing:Apple:AppAppleId", ""))));

        refusal.Should().BeOfType<OptionsValidationException>().Which.Message.Should().Contain("AppAppleId");
    }

    [Fact]
    public void The_shipped_certificate_file_is_Apple_Root_CA_G3()
    {
        var file = Path.Combine(TestEnvironment.RepositoryRoot(), "src", "Infrastructure", "Billing", "AppleRootCA-G3.cer");

        Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file))).Should().Be("63343ABFB89A6A03EBB57E9B3F5FA7BE7C4F5C756F3017B3A8C488C3653E9179");
    }
}
