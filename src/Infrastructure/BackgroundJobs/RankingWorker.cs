using System.Threading.Channels;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.Ranking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Infrastructure.BackgroundJobs;

/// <summary>
/// Runs the rankings admins ask for, after their request has answered 202: one at a time in this instance, each in
/// its own scope. A claim waiting here keeps its lock renewed; one left behind at shutdown is released, and its exam
/// (RANKING, lock gone) is ranked again by the next scheduled pass or trigger.
/// </summary>
internal sealed class RankingWorker(IServiceScopeFactory scopes, ILogger<RankingWorker> logger) : BackgroundService, IRankingQueue
{
    private readonly Channel<RankingClaim> _claims = Channel.CreateUnbounded<RankingClaim>(new UnboundedChannelOptions { SingleReader = true });

    public ValueTask EnqueueAsync(RankingClaim claim, CancellationToken cancellationToken) => _claims.Writer.WriteAsync(claim, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var claim in _claims.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<RankExam>().ExecuteAsync(claim, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Even recording the failure failed (the database is away); the run stays RUNNING until the
                    // lock expires and the next pass fails it.
                    logger.LogError(ex, "Ranking run {RunId} of exam {ExamId} could not be finished", claim.RunId, claim.ExamId);
                }
            }
        }
        finally
        {
            _claims.Writer.TryComplete();
            while (_claims.Reader.TryRead(out var left))
            {
                await left.DisposeAsync();
            }
        }
    }
}
