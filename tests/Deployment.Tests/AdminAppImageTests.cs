using System.Text.Json;

namespace LearningPlatform.Deployment.Tests;

/// <summary>
/// The image serves the admin app: no Docker engine runs here, so the Dockerfile's admin stage is read instead of
/// built; the same `npm ci && npm run build` runs in every scripts/test.sh (AdminAppServingTests serve its output).
/// </summary>
public sealed class AdminAppImageTests
{
    private static readonly string Root = RenderedManifests.RepositoryRoot();

    [Fact]
    public void The_image_builds_the_admin_app_from_its_locked_sources_and_points_the_gateway_at_that_build()
    {
        var dockerfile = File.ReadAllLines(Path.Combine(Root, "Dockerfile")).Select(l => l.Trim()).ToList();
        dockerfile.Should().ContainInOrder(
            "FROM node:20-bookworm-slim AS admin",
            "WORKDIR /web/admin",
            "COPY web/admin/package.json web/admin/package-lock.json ./",
            "RUN npm ci --no-audit --no-fund",
            "COPY web/admin/ ./",
            "RUN npm run build",
            "FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final",
            "COPY --from=admin /web/admin/dist /app/admin",
            "ENV AdminApp__Path=/app/admin");

        // What the stage copies exists, and the build script is the one the local scripts run.
        File.Exists(Path.Combine(Root, "web", "admin", "package-lock.json")).Should().BeTrue();
        using var package = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "web", "admin", "package.json")));
        package.RootElement.GetProperty("scripts").GetProperty("build").GetString().Should().Contain("vite build");

        // The context leaves out local builds and modules, never the sources.
        var ignored = File.ReadAllLines(Path.Combine(Root, ".dockerignore")).Select(l => l.Trim()).ToList();
        ignored.Should().Contain(["web/admin/dist/", "**/node_modules/"]);
        ignored.Should().NotContain(l => l == "web/" || l == "web/admin/" || l == "web/admin/src/");

        // The setting the ENV line names is the Gateway's.
        using var gateway = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "src", "Gateway", "appsettings.json")));
        gateway.RootElement.GetProperty("AdminApp").TryGetProperty("Path", out _).Should().BeTrue();
    }
}
