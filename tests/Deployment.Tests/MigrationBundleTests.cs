using System.Diagnostics;
using System.Reflection;
using k8s;
using k8s.Models;
using LearningPlatform.Identity.Data;
using LearningPlatform.Infrastructure.Persistence;
using LearningPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using YamlDotNet.RepresentationModel;

namespace LearningPlatform.Deployment.Tests;

/// <summary>
/// The image's <c>migrate</c> command without Docker: the EF Core bundles built by the script the Dockerfile runs
/// (<c>scripts/migration-bundles.sh</c>), run by the image's own entry point (<c>deploy/entrypoint.sh</c>) against a fresh
/// PostgreSQL; and the Dockerfile, docker-compose.yml and the Kubernetes Job all invoke it the same way.
/// </summary>
public sealed class MigrationBundleTests
{
    private static readonly string Root = RenderedManifests.RepositoryRoot();

    private static async Task<(int ExitCode, string Output)> RunAsync(
        string file, IEnumerable<string> arguments, IDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Only the connection strings given here: never one inherited from whoever runs the tests.
        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(inherited);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish in {timeout}: {await output}{await error}");
        }

        return (process.ExitCode, await output + await error);
    }

    /// <summary>The migrations of <typeparamref name="TContext"/> in its assembly, in the order EF applies them (by id).</summary>
    private static List<string> MigrationsOf<TContext>() where TContext : DbContext =>
        typeof(TContext).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<DbContextAttribute>()?.ContextType == typeof(TContext))
            .Select(t => t.GetCustomAttribute<MigrationAttribute>()?.Id)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();

    private static async Task<List<string>> AppliedAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // The id is the first column, whatever its name (LearningDB's naming convention makes it migration_id).
        await using var command = new NpgsqlCommand("""SELECT * FROM "__EFMigrationsHistory" ORDER BY 1""", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var applied = new List<string>();
        while (await reader.ReadAsync())
        {
            applied.Add(reader.GetString(0));
        }

        return applied;
    }

    private static async Task DropAsync(string database)
    {
        await using var admin = new NpgsqlConnection(TestEnvironment.PostgresAdmin);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task The_images_migrate_command_creates_both_databases_schemas_on_a_fresh_postgresql_and_a_second_run_changes_nothing()
    {
        var app = Directory.CreateTempSubdirectory("lp-migrate-");
        var (learning, auth) = (TestEnvironment.UniqueName("lp_bundle_learning"), TestEnvironment.UniqueName("lp_bundle_auth"));
        string On(string database) => new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresAdmin) { Database = database, Pooling = false }.ConnectionString;
        try
        {
            // As the Dockerfile builds them, from the build this test run already made (the image builds Release from scratch).
            var build = await RunAsync(Path.Combine(Root, "scripts", "migration-bundles.sh"),
                [Path.Combine(app.FullName, "migrations"), "--no-build"], new Dictionary<string, string>(), TimeSpan.FromMinutes(20));
            build.ExitCode.Should().Be(0, build.Output);

            var environment = new Dictionary<string, string>
            {
                ["LP_APP_DIR"] = app.FullName,
                ["ConnectionStrings__LearningDb"] = On(learning),
                ["ConnectionStrings__AuthDb"] = On(auth),
            };
            var migrate = await RunAsync(Path.Combine(Root, "deploy", "entrypoint.sh"), ["migrate"], environment, TimeSpan.FromMinutes(5));
            migrate.ExitCode.Should().Be(0, migrate.Output);

            (await AppliedAsync(On(learning))).Should().Equal(MigrationsOf<LearningDbContext>(), "every LearningDB migration, from a database that did not exist");
            (await AppliedAsync(On(auth))).Should().Equal(MigrationsOf<AuthDbContext>(), "every AuthDB migration");
            await using (var connection = new NpgsqlConnection(On(learning)))
            {
                await connection.OpenAsync();
                await using var tables = new NpgsqlCommand(
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('attempts', 'outbox_messages', 'standings', 'rewards')",
                    connection);
                (await tables.ExecuteScalarAsync()).Should().Be(4L, "the schema is there, not only the history");
            }

            // The Job may run again (a re-applied release): nothing to apply, nothing changed.
            var again = await RunAsync(Path.Combine(Root, "deploy", "entrypoint.sh"), ["migrate"], environment, TimeSpan.FromMinutes(5));
            again.ExitCode.Should().Be(0, again.Output);
            again.Output.Should().NotContain("Applying migration");
            (await AppliedAsync(On(learning))).Should().Equal(MigrationsOf<LearningDbContext>());

            // Without a connection string it stops at once, naming it, instead of migrating something else.
            var missing = await RunAsync(Path.Combine(Root, "deploy", "entrypoint.sh"), ["migrate"],
                new Dictionary<string, string> { ["LP_APP_DIR"] = app.FullName, ["ConnectionStrings__AuthDb"] = On(auth) }, TimeSpan.FromMinutes(1));
            missing.ExitCode.Should().NotBe(0);
            missing.Output.Should().Contain("ConnectionStrings__LearningDb");
        }
        finally
        {
            await DropAsync(learning);
            await DropAsync(auth);
            app.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_Dockerfile_compose_and_the_Kubernetes_Job_run_the_same_migrate_command_with_the_same_settings()
    {
        string[] settings = ["ConnectionStrings__LearningDb", "ConnectionStrings__AuthDb"];

        // The image: the bundles from the script, the entry point from deploy/.
        var dockerfile = File.ReadAllLines(Path.Combine(Root, "Dockerfile")).Select(l => l.Trim()).ToList();
        dockerfile.Should().Contain("RUN scripts/migration-bundles.sh /app/migrations --configuration Release");
        dockerfile.Should().Contain("COPY deploy/entrypoint.sh /app/entrypoint.sh");
        dockerfile.Should().Contain("ENTRYPOINT [\"/app/entrypoint.sh\"]");

        // Kubernetes: the Job runs the image with `migrate` and both connection strings, and no host migrates itself.
        var job = KubernetesYaml.Deserialize<V1Job>(File.ReadAllText(Path.Combine(Root, "deploy", "k8s", "base", "migrations.yaml")), strict: true);
        var container = job.Spec.Template.Spec.Containers.Should().ContainSingle().Subject;
        container.Image.Should().Be("learning-platform");
        container.Args.Should().Equal("migrate");
        container.Env.Select(e => e.Name).Should().Contain(settings);
        File.ReadAllText(Path.Combine(Root, "deploy", "k8s", "base", "kustomization.yaml")).Should().Contain("Database__MigrateOnStartup=false");

        // Compose: a one-shot service of the same image with `migrate` and both connection strings; the hosts wait for it.
        var compose = new YamlStream();
        compose.Load(new StringReader(File.ReadAllText(Path.Combine(Root, "docker-compose.yml"))));
        var services = (YamlMappingNode)((YamlMappingNode)compose.Documents[0].RootNode)["services"];
        var migrate = (YamlMappingNode)services["migrate"];
        ((YamlSequenceNode)migrate["command"]).Children.Select(c => ((YamlScalarNode)c).Value).Should().Equal("migrate");
        // The hosts share their image and build through a merge key (<<: *host, the anchor's node here).
        ((YamlScalarNode)((YamlMappingNode)migrate["<<"])["image"]).Value.Should().Be("learning-platform:local");
        ((YamlMappingNode)services["webapi"])["<<"].Should().BeSameAs(migrate["<<"], "the hosts' image");
        ((YamlScalarNode)migrate["restart"]).Value.Should().Be("no");
        ((YamlMappingNode)migrate["environment"]).Children.Keys.Select(k => ((YamlScalarNode)k).Value).Should().Contain(settings);
        foreach (var host in new[] { "webapi", "identity" })
        {
            var service = (YamlMappingNode)services[host];
            var dependsOn = (YamlMappingNode)service["depends_on"];
            ((YamlScalarNode)((YamlMappingNode)dependsOn["migrate"])["condition"]).Value.Should().Be("service_completed_successfully", host);
            ((YamlMappingNode)service["environment"]).Children.Keys.Select(k => ((YamlScalarNode)k).Value)
                .Should().NotContain("Database__MigrateOnStartup", $"{host} leaves migrating to the migrate service");
        }
    }
}
