using System.Diagnostics;
using System.Text;
using LearningPlatform.TestSupport;

namespace LearningPlatform.EndToEndTests;

/// <summary>
/// Runs Playwright specs of <c>tests/Browser</c> in Debian's Chromium with Node, against a platform a test started.
/// Nothing here skips: without Chromium or the npm packages (<c>scripts/test.sh</c> installs both) the test fails
/// and says what is missing. Screenshots go to <c>artifacts/screenshots/</c> at the repository root.
/// </summary>
public static class BrowserRun
{
    /// <summary>A run may not take longer (the specs' own timeouts are shorter): the process tree is then killed.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    public static string Directory => Path.Combine(TestEnvironment.RepositoryRoot(), "tests", "Browser");

    public static string Chromium => Environment.GetEnvironmentVariable("LP_CHROMIUM") ?? "/usr/bin/chromium";

    public sealed record Outcome(int ExitCode, string Output, string ResultsDirectory)
    {
        public string Result(string name) => File.ReadAllText(Path.Combine(ResultsDirectory, name + ".json"));
    }

    /// <summary>Runs <paramref name="spec"/> (a path under <c>tests/Browser</c>) with <paramref name="environment"/> added.</summary>
    public static async Task<Outcome> RunAsync(string spec, IReadOnlyDictionary<string, string> environment)
    {
        var cli = Path.Combine(Directory, "node_modules", "@playwright", "test", "cli.js");
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException(
                $"Chromium is not installed at {Chromium}: scripts/test.sh installs Debian's chromium package (apt-get install -y chromium).");
        }

        if (!File.Exists(cli))
        {
            throw new InvalidOperationException($"{cli} is missing: scripts/test.sh runs `npm ci` in tests/Browser.");
        }

        var results = System.IO.Directory.CreateTempSubdirectory("lp-browser").FullName;
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { cli, "test", spec })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LP_RESULTS"] = results;
        start.Environment["LP_CHROMIUM"] = Chromium;
        start.Environment["CI"] = "1";
        start.Environment["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var output = new StringBuilder();
        var reading = Task.WhenAll(
            Pump(process.StandardOutput, output),
            Pump(process.StandardError, output));
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"The browser run of {spec} took longer than {Limit}: {output}");
        }

        await reading;
        return new Outcome(process.ExitCode, output.ToString(), results);
    }

    private static async Task Pump(StreamReader reader, StringBuilder output)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
