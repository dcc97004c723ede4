using LearningPlatform.Hosting;
using LearningPlatform.Identity.Setup;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Identity.Pruning;

/// <summary>
/// Runs <see cref="PruneTokens"/> every <c>AuthServer:Pruning:Interval</c> on the host's clock, the first time one
/// interval after start. A failed pass is logged (one warning line when AuthDB is unreachable) and the next one comes
/// at the next interval: nothing is lost by skipping a pass.
/// </summary>
internal sealed class TokenPruningJob(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<AuthServerOptions> options, ILogger<TokenPruningJob> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Pruning;
        if (settings.Interval == TimeSpan.Zero)
        {
            logger.LogInformation("Token pruning is off on this instance (AuthServer:Pruning:Interval is 0)");
            return;
        }

        using var timer = new PeriodicTimer(settings.Interval, clock);
        logger.LogInformation(
            "Token pruning scheduled every {Interval}: tokens and authorizations created over {MinimumAge} ago that can no longer be used",
            settings.Interval, settings.MinimumAge);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await RunOnceAsync(settings.Interval, stoppingToken);
        }
    }

    private async Task RunOnceAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<PruneTokens>().HandleAsync(stoppingToken);
            if (result.Ran)
            {
                logger.LogInformation("Token pruning deleted {Tokens} tokens and {Authorizations} authorizations created before {Threshold:O}",
                    result.Tokens, result.Authorizations, result.Threshold);
            }
            else
            {
                logger.LogInformation("Token pruning skipped: another instance is pruning");
            }
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            if (TransientFailures.FindTransient(e) is { } cause)
            {
                logger.LogWarning("Token pruning failed: AuthDB unreachable ({Cause}); next pass in {Interval}",
                    TransientFailures.CauseOf(cause), interval);
            }
            else
            {
                logger.LogError(e, "Token pruning failed; next pass in {Interval}", interval);
            }
        }
    }
}
