using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Hosting;

public sealed class ShutdownOptions
{
    public const string Section = "Shutdown";

    /// <summary>
    /// How long a stopping instance keeps serving with <c>/health/ready</c> answering 503, before it stops accepting
    /// connections: long enough for the load balancer (the gateway's active check, a Kubernetes readiness probe and its
    /// endpoint update) to stop sending it new requests.
    /// </summary>
    public TimeSpan DrainDelay { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// The first step of a stop (SIGTERM, or the host's <c>StopAsync</c>): readiness turns unhealthy at once, and the host
/// waits <see cref="ShutdownOptions.DrainDelay"/> while still serving everything. Only then does the server stop
/// accepting connections and finish its in-flight requests (within <c>HostOptions.ShutdownTimeout</c>), and after it
/// the background jobs stop (the outbox hands its unsent claims back, a ranking run in progress is rolled back and
/// recorded FAILED, its lock released).
/// </summary>
public sealed class ShutdownDrain(IOptions<ShutdownOptions> options, IHostApplicationLifetime lifetime, ILogger<ShutdownDrain> logger)
    : IHostedLifecycleService, IHealthCheck
{
    public const string Name = "draining";

    private volatile bool _draining;
    private CancellationTokenRegistration _onStopping;

    public bool Draining => _draining;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_draining ? HealthCheckResult.Unhealthy("The instance is stopping.") : HealthCheckResult.Healthy());

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        // A SIGTERM signals ApplicationStopping before the host's stop runs the steps below.
        _onStopping = lifetime.ApplicationStopping.Register(() => _draining = true);
        return Task.CompletedTask;
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        var delay = options.Value.DrainDelay;
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        logger.LogInformation("Stopping: not ready, still serving for {DrainDelay} before closing connections", delay);
        try
        {
            // TimeProvider.System, not the host's clock: tests move theirs, and this wait is real time for a real load balancer.
            await Task.Delay(delay, TimeProvider.System, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The shutdown timeout ran out: go on stopping.
        }

    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        _onStopping.Dispose();
        return Task.CompletedTask;
    }
}

public static class GracefulShutdownExtensions
{
    /// <summary>
    /// Readiness that turns unhealthy as soon as the instance starts stopping (the check <c>draining</c>, tagged
    /// <c>ready</c>), and <c>Shutdown:DrainDelay</c> (0..00:01:00) of serving on before the server closes.
    /// </summary>
    public static IServiceCollection AddGracefulShutdown(this IServiceCollection services, IConfiguration configuration, string readyTag = "ready")
    {
        services.AddOptions<ShutdownOptions>().Bind(configuration.GetSection(ShutdownOptions.Section))
            .Validate(o => o.DrainDelay >= TimeSpan.Zero && o.DrainDelay <= TimeSpan.FromMinutes(1),
                $"{ShutdownOptions.Section}:DrainDelay must be 00:00:00..00:01:00.")
            .ValidateOnStart();
        services.AddSingleton<ShutdownDrain>();
        services.AddHostedService(sp => sp.GetRequiredService<ShutdownDrain>());
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            ShutdownDrain.Name, sp => sp.GetRequiredService<ShutdownDrain>(), HealthStatus.Unhealthy, [readyTag]));
        return services;
    }
}
