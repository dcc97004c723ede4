using System.Diagnostics;

namespace LearningPlatform.Deployment.Tests;

/// <summary>
/// scripts/run.sh's settings for the hosts (scripts/run-settings.sh) are defaults: what the operator's environment sets
/// is what the hosts get. Run in bash as run.sh sources it, with a clean environment and chosen variables.
/// </summary>
public sealed class RunScriptSettingsTests
{
    private static Dictionary<string, string> SettingsWith(params (string Name, string Value)[] operatorEnvironment)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment.Clear();
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH");
        start.Environment["GATEWAY_PORT"] = "6000";
        start.Environment["WEBAPI_PORT"] = "6080";
        start.Environment["IDENTITY_PORT"] = "6081";
        foreach (var (name, value) in operatorEnvironment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("""set -euo pipefail; source "$1"; upstream_settings; env""");
        start.ArgumentList.Add("run-settings");
        start.ArgumentList.Add(Path.Combine(RenderedManifests.RepositoryRoot(), "scripts", "run-settings.sh"));
        using var bash = Process.Start(start)!;
        var output = bash.StandardOutput.ReadToEndAsync();
        bash.WaitForExit(TimeSpan.FromSeconds(30)).Should().BeTrue();
        bash.ExitCode.Should().Be(0, bash.StandardError.ReadToEnd());
        var settings = new Dictionary<string, string>();
        foreach (var line in output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = line.IndexOf('=');
            if (at > 0)
            {
                settings[line[..at]] = line[(at + 1)..]; // the later line wins: upstream_settings prints before env
            }
        }

        return settings;
    }

    [Fact]
    public void Without_an_operator_setting_the_hosts_get_the_local_development_settings_on_the_chosen_ports()
    {
        var settings = SettingsWith();

        settings["ASPNETCORE_ENVIRONMENT"].Should().Be("Development");
        settings["Database__MigrateOnStartup"].Should().Be("true");
        settings["AuthServer__Issuer"].Should().Be("http://127.0.0.1:6000/api/auth/");
        settings["Auth__Authority"].Should().Be("http://127.0.0.1:6000/api/auth/");
        settings["Auth__MetadataAddress"].Should().Be("http://127.0.0.1:6081/api/auth/.well-known/openid-configuration");
        settings["Gateway__Introspection__Endpoint"].Should().Be("http://127.0.0.1:6081/api/auth/connect/introspect");
        settings["ReverseProxy__Clusters__learning__Destinations__learning-1__Address"].Should().Be("http://127.0.0.1:6080/");
        settings["ReverseProxy__Clusters__identity__Destinations__identity-1__Address"].Should().Be("http://127.0.0.1:6081/");
        settings["AdminApp__Path"].Should().Be(Path.Combine(RenderedManifests.RepositoryRoot(), "web", "admin", "dist"));
    }

    [Fact]
    public void Every_setting_the_operator_sets_is_kept_even_an_empty_one()
    {
        var mine = new (string, string)[]
        {
            ("ASPNETCORE_ENVIRONMENT", "Production"),
            ("Database__MigrateOnStartup", "false"),
            ("AuthServer__Seed__AdminEmail", "ops@example.com"),
            ("AuthServer__Seed__AdminPassword", "operator-chosen-password"),
            ("AuthServer__Seed__LearnerEmail", ""),
            ("AuthServer__Seed__LearnerPassword", ""),
            ("AuthServer__Issuer", "https://learn.example.com/api/auth/"),
            ("Auth__Authority", "https://learn.example.com/api/auth/"),
            ("Auth__MetadataAddress", "http://10.1.2.3:8080/api/auth/.well-known/openid-configuration"),
            ("Gateway__Introspection__Endpoint", "http://10.1.2.3:8080/api/auth/connect/introspect"),
            ("ReverseProxy__Clusters__learning__Destinations__learning-1__Address", "http://10.1.2.4:8080/"),
        };

        var settings = SettingsWith(mine);

        foreach (var (name, value) in mine)
        {
            settings.Should().Contain(name, value);
        }

        // The one the operator did not set still follows the ports.
        settings["ReverseProxy__Clusters__identity__Destinations__identity-1__Address"].Should().Be("http://127.0.0.1:6081/");
    }

    [Fact]
    public void The_issuer_the_operator_names_is_also_what_the_hosts_validate()
    {
        var settings = SettingsWith(("AuthServer__Issuer", "https://learn.example.com/api/auth/"));

        settings["Auth__Authority"].Should().Be("https://learn.example.com/api/auth/");
    }
}
