using System.Text.RegularExpressions;
using LearningPlatform.TestSupport;

namespace LearningPlatform.WebApi.IntegrationTests;

/// <summary>The README is the error contract: every code any host can answer is listed there.</summary>
public partial class ErrorCatalogueTests
{
    /// <summary>Dotted literals in src/ that are not error codes: OAuth scopes and notification types.</summary>
    private static readonly HashSet<string> NotCodes =
        ["learning.app", "learning.admin", "learning.jobs", "reward.status_changed", "exam.results_published", "admin.broadcast"];

    [GeneratedRegex("\"([a-z][a-z_]*\\.[a-z][a-z_]*)\"")]
    private static partial Regex DottedLiteral();

    [Fact]
    public void Every_error_code_in_the_source_is_listed_in_the_README()
    {
        var root = TestEnvironment.RepositoryRoot();
        var codes = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains("Migrations"))
            .SelectMany(f => DottedLiteral().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Where(c => !NotCodes.Contains(c))
            .Append("internal_error")
            .ToHashSet();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));

        codes.Should().HaveCountGreaterThan(50, "the scan finds the codes");
        codes.Where(code => !readme.Contains($"`{code}`", StringComparison.Ordinal)).Order().Should().BeEmpty("README.md lists every error code; missing: " + string.Join(", ", codes.Where(code => !readme.Contains($"`{code}`", StringComparison.Ordinal)).Order()));
    }
}
