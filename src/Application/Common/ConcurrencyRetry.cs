using LearningPlatform.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Polly;
using Polly.Retry;

namespace LearningPlatform.Application.Common;

/// <summary>
/// The one retry for optimistic concurrency: a read-modify-write that lost to a concurrent writer (a row version or a
/// unique key: <see cref="DbUpdateException"/>, or a use case's own <c>concurrency.conflict</c>) runs again from a fresh
/// read, at once (re-reading resolves the conflict; waiting would not), up to <see cref="MaxAttempts"/> times in all.
/// A retried request thereby meets the other writer's outcome. When the tries run out the caller gets 409
/// <c>concurrency.conflict</c>.
/// </summary>
public static class ConcurrencyRetry
{
    public const int MaxAttempts = 3;

    private static readonly ResiliencePropertyKey<ILearningDb?> Db = new("learning-db");

    private static readonly ResiliencePipeline Pipeline = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder()
                .Handle<DbUpdateException>()
                .Handle<DomainException>(e => e.Code == AppErrors.ConcurrencyConflictCode),
            MaxRetryAttempts = MaxAttempts - 1,
            Delay = TimeSpan.Zero,
            OnRetry = args =>
            {
                // Forget what the losing try tracked, so the next one reads the rows afresh.
                args.Context.Properties.GetValue(Db, null)?.Reset();
                return ValueTask.CompletedTask;
            },
        })
        .Build();

    /// <param name="db">Reset before each retry; null when <paramref name="work"/> resets what it uses itself.</param>
    public static async Task<T> RunAsync<T>(ILearningDb? db, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(Db, db);
        try
        {
            return await Pipeline.ExecuteAsync(async ctx => await work(ctx.CancellationToken), context);
        }
        catch (DbUpdateException)
        {
            throw AppErrors.ConcurrentUpdate();
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
